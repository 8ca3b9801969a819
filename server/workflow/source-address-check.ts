import { literalAddressRefusal } from '../../connectors/http/address-policy.js';
import { invalidField } from './workflow-errors.js';

/** Option names that hold a bare host (`mastodon.example`) rather than a URL. */
const HOST_OPTION = /(host|instance|server|domain|origin|base)/i;

/**
 * Refuses, at once and with the reason, connector options that point at a loopback, private,
 * link-local or metadata address written as a literal (in any notation), unless the operator
 * allowed private fetches. Safe fetch refuses them again when fetching, and names that only
 * resolve to such addresses: this check is so an admin hears it when adding, not at 3 a.m.
 */
export function checkOptionAddresses(options: Record<string, unknown>, allowPrivateAddresses: boolean): void {
  if (allowPrivateAddresses) return;
  for (const [path, value] of stringsOf(options, [])) {
    const key = path[path.length - 1] ?? '';
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim());
    if (!isUrl && !HOST_OPTION.test(key)) continue;
    const refusal = literalAddressRefusal(value);
    if (refusal) throw invalidField(['options', ...path].join('.'), refusal);
  }
}

function* stringsOf(value: unknown, path: string[]): Generator<[string[], string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* stringsOf(v, [...path, String(i)]);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* stringsOf(v, [...path, k]);
}
