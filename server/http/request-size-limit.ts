import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { HttpEnv } from './http-env.js';
import { HttpError } from './http-error.js';

/** Refuses a request body over `maxBytes` with a 413 in the house's error shape, saying what to do instead. */
export function requestSizeLimit(maxBytes: number, whatToDo: string): MiddlewareHandler<HttpEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HttpError(413, 'too_large', `the request body is larger than ${maxBytes} bytes; ${whatToDo}`, { maxBytes });
    },
  });
}
