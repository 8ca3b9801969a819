import type { z } from 'zod';
import { WorkflowError } from './workflow-errors.js';

/**
 * Checks a command's input with its schema. The HTTP layer has checked the same shape already;
 * this catches every other caller (the command line, jobs) with the same words.
 */
export function parseCommandInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join('.') || 'input', message: issue.message }));
  throw new WorkflowError('invalid', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
}
