import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error that carries its own status, code and details: routes throw, one handler answers. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Headers the answer carries, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The one shape of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
