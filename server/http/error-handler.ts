import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RecordConflictError } from '../store/store-errors.js';
import { WorkflowError, type WorkflowErrorCode } from '../workflow/workflow-errors.js';
import { HttpError, type ErrorBody } from './http-error.js';

const STATUS_OF: Record<WorkflowErrorCode, ContentfulStatusCode> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_state: 409,
};

export function errorHandler(log: (message: string) => void): ErrorHandler {
  return function handleError(error, c) {
    if (error instanceof HttpError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return reply(c, error.status, error.code, error.message, error.details);
    }
    if (error instanceof WorkflowError) return reply(c, STATUS_OF[error.code], error.code, error.message, error.details);
    if (error instanceof RecordConflictError) {
      // Somebody else acted first: the fresh record lets the client show what happened and retry.
      return reply(c, 409, 'conflict', `${error.message}; here it is as it is now`, { current: error.current });
    }
    if (error instanceof HTTPException) return reply(c, error.status, 'http_error', error.message || 'request refused');
    // Anything else is our fault: log it whole, tell the client only that it happened.
    log(`unexpected error on ${c.req.method} ${c.req.path}: ${(error as Error).stack ?? String(error)}`);
    return reply(c, 500, 'internal', 'Tidewatch hit an unexpected error; it has been logged. Try again, and tell an admin if it persists.');
  };
}

export const notFound: NotFoundHandler = (c) => reply(c, 404, 'not_found', `no route for ${c.req.method} ${c.req.path}`);

function reply(c: Context, status: ContentfulStatusCode, code: string, message: string, details?: unknown) {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return c.json(body, status);
}
