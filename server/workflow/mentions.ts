import type { Member } from '../domain/index.js';

/** `@handle` not preceded by a word character, so an email address in the text is not a mention. */
const MENTION = /(?<![\w@.+-])@([a-z0-9][a-z0-9._+-]*)/gi;

const localPart = (email: string) => email.slice(0, email.indexOf('@')).toLowerCase();

/**
 * Rule W-CMT-2: the members a text mentions, in order, each once. `@ana` names the member whose
 * email starts `ana@` (when only one does) or whose id is `ana`. Disabled members and unknown
 * handles are left as text.
 */
export function findMentions(text: string, members: readonly Member[]): string[] {
  const enabled = members.filter((m) => !m.disabled);
  const found: string[] = [];
  for (const match of text.matchAll(MENTION)) {
    const handle = match[1]!.replace(/[.]+$/, '');
    const byId = enabled.find((m) => m.id === handle);
    const byEmail = enabled.filter((m) => localPart(m.email) === handle.toLowerCase());
    const member = byId ?? (byEmail.length === 1 ? byEmail[0] : undefined);
    if (member && !found.includes(member.id)) found.push(member.id);
  }
  return found;
}
