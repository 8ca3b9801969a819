/*
 * What a BCP 47 language tag says about place: "en-GB" is English (en) from Great Britain (GB);
 * "zh-Hant-TW" is Chinese in the traditional script from Taiwan. Only the region subtag (two
 * letters or three digits after the language) names a region; a bare "en" says nothing of where.
 */

/** The primary language, lower case ("en" of "en-GB"); null for a missing or empty tag. */
export function languageOf(tag: string | null): string | null {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary ? primary : null;
}

/** The region subtag, upper case ("GB" of "en-GB", "419" of "es-419"); null when the tag has none. */
export function regionOf(tag: string | null): string | null {
  if (!tag) return null;
  const [, ...rest] = tag.trim().split(/[-_]/);
  for (const subtag of rest) {
    if (/^[A-Za-z]{2}$/.test(subtag) || /^\d{3}$/.test(subtag)) return subtag.toUpperCase();
    // A script (four letters) or extended language (three letters) may come first; anything longer ends the search.
    if (!/^[A-Za-z]{3,4}$/.test(subtag)) return null;
  }
  return null;
}
