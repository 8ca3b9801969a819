import { OpenAPIHono, z, type Hook } from '@hono/zod-openapi';
import type { HttpEnv } from './http-env.js';
import { HttpError } from './http-error.js';

/**
 * A rejection is a 400 naming every wrong field, in the error shape every other answer uses.
 * Shared by every route group, so no route validates on its own terms.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const rejectInvalid: Hook<any, HttpEnv, any, any> = (result, c) => {
  if (result.success) return;
  const target = result.target;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join('.') || target, message: issue.message }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  void c;
  throw new HttpError(400, 'invalid_request', `invalid ${target}: ${summary}`, { fields });
};

/** A set of routes that validate with zod and describe themselves in the OpenAPI document. */
export function routeGroup() {
  return new OpenAPIHono<HttpEnv>({ defaultHook: rejectInvalid });
}

const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .openapi('Error');

/** One error answer, described for the document. */
export const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } });

/** The answers every route may give besides its own: the one error shape, by status. */
export const ERROR_RESPONSES = {
  400: errorResponse('The request is invalid; `details.fields` names each wrong field'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Your roles do not allow this'),
  404: errorResponse('No such record'),
  409: errorResponse('The record is not in a state that allows this, or changed meanwhile; `details` holds it as it is now'),
} as const;

/** A JSON request body, required. */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

/** A success answer, described for the document; the payload is documented by its description. */
export function ok(description: string) {
  return { 200: { description }, ...ERROR_RESPONSES };
}

export function created(description: string) {
  return { 201: { description }, ...ERROR_RESPONSES };
}

export const idParam = z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' } }) });

/** Mounts the OpenAPI document of every route registered on the app. */
export function serveOpenApiDocument(app: OpenAPIHono<HttpEnv>, version: string): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'tw_session' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'token', { type: 'http', scheme: 'bearer' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Tidewatch API',
      version,
      description:
        'Sign in with POST /api/session (cookie; send the returned csrfToken as X-CSRF-Token on writes) or send an API token as a Bearer token.',
    },
    security: [{ session: [] }, { token: [] }],
  });
}
