import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { ResolveHost } from '../../connectors/http/guarded-lookup.js';

/**
 * A DNS stub for the safe fetch's `resolveHost` hook: names from the table resolve to the given
 * addresses, every other name fails as an unknown host would. No /etc/hosts, no network.
 * `asked` records every name looked up, so a test can tell the check ran at lookup time.
 */
export function stubResolver(table: Record<string, string[]>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const resolve: ResolveHost = (hostname, family, callback) => {
    asked.push(hostname);
    const answers = table[hostname.toLowerCase()];
    if (!answers) {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }) as NodeJS.ErrnoException;
      return process.nextTick(() => callback(error, []));
    }
    const addresses: LookupAddress[] = answers
      .map((address) => ({ address, family: isIP(address) }))
      .filter((a) => family === undefined || a.family === family);
    process.nextTick(() => callback(null, addresses));
  };
  return Object.assign(resolve, { asked });
}
