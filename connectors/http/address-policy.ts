import ipaddr from 'ipaddr.js';

/**
 * Which addresses a server-side fetch may reach. Anything that is not ordinary public unicast
 * (loopback, private ranges, link-local and cloud metadata, carrier NAT, multicast, IPv4 mapped
 * or embedded in IPv6) is refused unless an operator allows private addresses.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

export class BlockedAddressError extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`refused to fetch ${host}: it resolves to ${address}, a private or local address (allow private addresses in the config to poll it)`);
    this.name = 'BlockedAddressError';
  }
}
