import type { z } from '@hono/zod-openapi';

/**
 * A JSON body a client may leave out (POST /claim with no `rev`): absent, the handler sees `{}`;
 * present, it is checked like any other body.
 */
export function optionalJsonBody<S extends z.ZodType>(schema: S) {
  return { body: { content: { 'application/json': { schema } }, required: false } };
}
