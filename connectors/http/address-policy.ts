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
    // ::a.b.c.d, the deprecated IPv4-compatible form (::/96): no public host has one, and some
    // stacks tunnel it to the IPv4 address inside. ipaddr.js calls it ordinary unicast.
    else if (v6.parts.slice(0, 6).every((part) => part === 0)) return false;
  }
  return parsed.range() === 'unicast';
}

export class BlockedAddressError extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`refused to fetch ${host}: it resolves to ${address}, a private or local address (allow private addresses in the config to poll it)`);
    this.name = 'BlockedAddressError';
  }
}

/**
 * Why a URL (or a bare host such as `mastodon.example`) may not be fetched without the operator's
 * leave, or null when nothing is wrong with it as written. Only what the text itself says is
 * judged: an address literal in any notation the URL standard accepts (`2130706433`, `0x7f.1`,
 * `127.1`, `0177.0.0.1`, `[::ffff:127.0.0.1]`...), which parsing turns into plain form, and the
 * name `localhost`. A name that resolves to a private address is refused later, when fetched.
 */
export function literalAddressRefusal(urlOrHost: string): string | null {
  const text = urlOrHost.trim();
  // A bare IPv6 address (`::1`) is no URL host without its brackets.
  if (text.includes(':') && !text.includes('/') && ipaddr.IPv6.isValid(text)) return literalAddressRefusal(`[${text}]`);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return `${text} points at this machine (localhost); Tidewatch does not fetch local addresses unless the operator allows private fetches (TIDEWATCH_ALLOW_PRIVATE_FETCH=true)`;
  }
  const literal = host.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(literal) || isPublicAddress(literal)) return null;
  return `${text} points at ${describeRange(literal)}; Tidewatch does not fetch private or local addresses unless the operator allows private fetches (TIDEWATCH_ALLOW_PRIVATE_FETCH=true)`;
}

/** The kind of a non-public address, in words. */
function describeRange(address: string): string {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === 'ipv6' && parsed.range() === 'unicast') {
    // Only ::a.b.c.d gets here (see isPublicAddress): name the IPv4 address it carries.
    const parts = (parsed as ipaddr.IPv6).parts;
    return `${parsed.toString()}, an IPv4-compatible form of ${describeRange(`${parts[6]! >> 8}.${parts[6]! & 255}.${parts[7]! >> 8}.${parts[7]! & 255}`)}`;
  }
  const range = parsed.range();
  const text = parsed.toString();
  if (text === '169.254.169.254' || text === 'fd00:ec2::254') return `${text}, the cloud metadata address`;
  const words: Record<string, string> = {
    loopback: 'a loopback address (this machine)',
    private: 'a private network address',
    uniqueLocal: 'a private network address',
    linkLocal: 'a link-local address',
    carrierGradeNat: 'a carrier-grade NAT address',
    unspecified: 'the unspecified address',
    broadcast: 'the broadcast address',
    multicast: 'a multicast address',
    reserved: 'a reserved address',
  };
  return `${text}, ${words[range] ?? `a non-public address (${range})`}`;
}
