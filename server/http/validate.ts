import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { HttpError } from './http-error.js';

/**
 * Validates one part of the request. A rejection is a 400 naming every wrong field, in the
 * error shape every other answer uses.
 */
export function validate<T extends keyof ValidationTargets, S extends z.ZodType>(target: T, schema: S) {
  return zValidator(target, schema, (result) => {
    if (result.success) return;
    const fields = result.error.issues.map((issue) => ({ field: issue.path.join('.') || target, message: issue.message }));
    const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    throw new HttpError(400, 'invalid_request', `invalid ${target}: ${summary}`, { fields });
  });
}
