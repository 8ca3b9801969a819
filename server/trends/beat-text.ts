/*
 * Text as beats see it: folded (lower case, accents and compatibility forms removed) and cut
 * into words, hashtags and mentions. Beat queries and the documents they match use the same
 * rules, so "São Paulo" in a query finds "sao paulo" in a post and the other way round.
 */

/** Letters NFKD leaves whole but people write without their mark or ligature. */
const EXTRA_FOLDS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const EXTRA_FOLD = new RegExp(`[${Object.keys(EXTRA_FOLDS).join('')}]`, 'g');
const MARKS = /\p{M}+/gu;
const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/g;

/** Lower case, NFKD with the combining marks stripped: "São Paulo" → "sao paulo". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(EXTRA_FOLD, (c) => EXTRA_FOLDS[c] ?? c);
}

/** A word is a run of letters and digits: punctuation, apostrophes and hyphens separate words. */
export const WORD = /[\p{L}\p{N}]+/gu;
/** A handle, with the dots and second @ of bluesky and mastodon handles (@ana@mastodon.social). */
const MENTION = /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]+(?:[.@-][\p{L}\p{N}_]+)*/gu;
const HASHTAG_OR_WORD = /(?<![\p{L}\p{N}_&])#[\p{L}\p{N}_]+|[\p{L}\p{N}]+/gu;

/** The words of already folded text. */
export function wordsOf(folded: string): string[] {
  return folded.match(WORD) ?? [];
}

export interface TextParts {
  /** Words in order; a hashtag's body counts as a word where it stands, a mention does not. */
  words: string[];
  /** Without the #. */
  hashtags: Set<string>;
  /** Without the leading @. */
  mentions: Set<string>;
}

/** Cuts folded text into words, hashtags and mentions (links are dropped). */
export function textParts(text: string): TextParts {
  const folded = foldText(text).replace(URL, ' ');
  const mentions = new Set<string>();
  const withoutMentions = folded.replace(MENTION, (mention) => {
    mentions.add(mention.slice(1));
    return ' ';
  });
  const words: string[] = [];
  const hashtags = new Set<string>();
  for (const [token] of withoutMentions.matchAll(HASHTAG_OR_WORD)) {
    if (token.startsWith('#')) {
      const tag = token.slice(1);
      hashtags.add(tag);
      words.push(...tag.split('_').filter(Boolean));
    } else {
      words.push(token);
    }
  }
  return { words, hashtags, mentions };
}
