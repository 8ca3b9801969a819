/*
 * Risk flags come from the detector as compact ids (server/trends/risk-flags.ts):
 * `negative-sentiment`, `sensitive:<subject>`, `named-person:<Name>`, `do-not-engage`, or
 * whatever an editor typed when pitching. The board shows them as words a person reads at a glance.
 */

/** The flag that says the brand must not react at all: shown before anything else. */
export const DO_NOT_ENGAGE = 'do-not-engage';

export type RiskTone = 'stop' | 'warn';

const words = (text: string) => text.replace(/[-_]+/g, ' ').trim();
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function riskLabel(flag: string): string {
  if (flag === DO_NOT_ENGAGE) return 'Do not engage';
  if (flag === 'negative-sentiment') return 'Negative sentiment';
  const colon = flag.indexOf(':');
  if (colon > 0) {
    const kind = flag.slice(0, colon);
    const detail = flag.slice(colon + 1).trim();
    // A person's name keeps its own spelling; a subject id reads as words.
    if (kind === 'named-person' && detail) return `Names ${detail}`;
    if (kind === 'sensitive' && detail) return `Sensitive: ${words(detail)}`;
  }
  return sentence(words(flag)) || flag;
}

export function riskTone(flag: string): RiskTone {
  return flag === DO_NOT_ENGAGE ? 'stop' : 'warn';
}

/** Do-not-engage first, the rest as the detector ordered them. */
export function riskFlagsInOrder(flags: readonly string[]): string[] {
  return [...flags].sort((a, b) => Number(b === DO_NOT_ENGAGE) - Number(a === DO_NOT_ENGAGE));
}
