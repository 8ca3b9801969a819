import { createHash } from 'node:crypto';

/**
 * The hash a review binds to (W-DRAFT-3): sha256 of a version's text, so any change to the
 * words, even one character, shows as a different version to approve.
 */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
