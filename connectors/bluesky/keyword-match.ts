/**
 * Whether a text mentions any of the keywords: case- and accent-insensitive ("cafe" finds
 * "Café"), as whole words or phrases ("rust" does not find "trust"), hashtags included.
 */
export function createKeywordMatcher(keywords: readonly string[]): (text: string) => boolean {
  const patterns = keywords
    .map((keyword) => fold(keyword).trim())
    .filter((keyword) => keyword !== '')
    .map((keyword) => new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(keyword).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}_])`, 'u'));
  return (text) => {
    const folded = fold(text);
    return patterns.some((pattern) => pattern.test(folded));
  };
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
