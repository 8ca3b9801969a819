import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address of the connection the request came on. Forwarded-For headers are ignored on purpose:
 * anyone can write them, and the sign-in limits are keyed on this address.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in-process (app.request in tests) have no connection.
    return 'unknown';
  }
}
