import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { BlockedAddressError, isPublicAddress } from './address-policy.js';

/**
 * Every address a host name resolves to, as `dns.lookup(hostname, { all: true })` gives them.
 * The system resolver unless a caller (a test, a split-horizon setup) brings its own.
 */
export type ResolveHost = (hostname: string, family: number | undefined, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

export const systemResolveHost: ResolveHost = (hostname, family, callback) => {
  dnsLookup(hostname, { all: true, ...(family ? { family } : {}) }, callback);
};

/**
 * A DNS lookup for the socket itself that refuses private and local answers. The check runs in
 * the connection's own lookup, so a DNS answer cannot change between the check and the connect
 * (no rebinding). Shared by HTTP fetches and websockets.
 */
export function guardedLookup(allowPrivate: boolean, resolveHost: ResolveHost = systemResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    const family = typeof options.family === 'number' && options.family !== 0 ? options.family : undefined;
    resolveHost(hostname, family, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const blocked = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
      if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), '', 0);
      if (options.all) return callback(null, addresses as never);
      const first = addresses[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
