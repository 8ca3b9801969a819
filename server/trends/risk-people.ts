/*
 * Named people, by a small heuristic (no name list, no model): a run of two or three
 * Capitalized words inside a sentence ("… said Maria Santos on Monday"), or any Capitalized
 * words after a title ("Mayor Bloomberg", "Gov. Hickenlooper"). The first word of a sentence
 * is capitalized anyway, so it never starts a run unless it is a title. Words that are usually
 * places, organisations, days and months stop a run, which keeps "Colorado Springs" and
 * "Red Cross" out. It over-reports rather than misses: the flag only asks legal to look.
 */

const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'president', 'pres', 'governor', 'gov', 'mayor', 'senator', 'sen', 'rep',
  'congressman', 'congresswoman', 'pope', 'prince', 'princess', 'queen', 'king', 'officer', 'sgt', 'sergeant', 'judge',
  'justice', 'minister', 'premier', 'chancellor', 'ceo', 'chief', 'captain', 'capt', 'father', 'rev', 'sister', 'lady', 'sir',
]);

const NOT_NAMES = new Set(
  (
    'the a an and or of in on at to for from by with this that these those it its our my your their his her we you they i ' +
    'breaking update news live video photo photos watch read report reports rt via new old just more ' +
    'city county state states united kingdom republic north south east west central northern southern eastern western ' +
    'street st avenue ave road rd park river lake canyon springs mountain mount valley bay beach island islands harbor harbour ' +
    'fire fires flood floods quake earthquake storm typhoon hurricane cyclone plaza station airport hospital university college ' +
    'school church police department dept office ministry government council army navy red cross metro train rail railway ' +
    'national international federal news times post daily tribune journal press associated agency service services ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december god lord jesus christ allah thank thanks please pray prayers help'
  ).split(/\s+/),
);

const SENTENCE_END = /[.!?:;…\n]$|^RT$/;
const CAPITALIZED = /^\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*$/u;

/** Headline Case Capitalizes Every Word: capitals say nothing there, except after a title. */
function isTitleCase(words: readonly string[]): boolean {
  const lettered = words.filter((w) => /^\p{L}/u.test(w) && w.length > 3);
  return lettered.length >= 5 && lettered.filter((w) => /^\p{Lu}/u.test(w)).length / lettered.length >= 0.7;
}

/** The people a text names, as written ("Maria Santos"), each once. */
export function namedPeople(text: string): string[] {
  const found = new Set<string>();
  const raw = text.replace(/\bhttps?:\/\/\S+/g, ' ').split(/\s+/).filter(Boolean);
  const headline = isTitleCase(raw.filter((t) => !/^[#@]/.test(t)));
  let run: string[] = [];
  let titled = false;
  let runAtSentenceStart = false;
  const flush = () => {
    // A sentence's first word is capitalized anyway: in a run of three it is likely not a name.
    if (runAtSentenceStart && !titled && run.length === 3) run = run.slice(1);
    if (run.length >= (titled ? 1 : 2) && run.length <= 3 && (titled || !headline)) found.add(run.join(' '));
    run = [];
    titled = false;
  };
  let sentenceStart = true;
  for (const token of raw) {
    if (/^[#@]/.test(token)) {
      flush();
      sentenceStart = SENTENCE_END.test(token);
      continue;
    }
    const word = token.replace(/^[("“'‘[]+/, '').replace(/(?:['’]s)?[)"”'’\],.!?:;…]*$/u, '');
    const endsClause = /[,.!?:;…)"”]$/.test(token) || token === 'RT';
    const bare = word.toLowerCase();
    if (TITLES.has(bare) && /^\p{Lu}/u.test(word)) {
      flush();
      titled = true;
      sentenceStart = false;
      continue;
    }
    if (CAPITALIZED.test(word) && !NOT_NAMES.has(bare)) {
      if (run.length === 0) runAtSentenceStart = sentenceStart;
      run.push(word);
    } else {
      flush();
    }
    if (endsClause) flush();
    sentenceStart = SENTENCE_END.test(token);
  }
  flush();
  return [...found];
}

/**
 * The people most of a story's texts name: those named in at least `minTexts` texts (a name
 * once in a hundred tweets is noise), most named first, at most `limit`.
 */
export function storyPeople(texts: readonly string[], { limit = 3, minTexts = texts.length >= 3 ? 2 : 1 }: { limit?: number; minTexts?: number } = {}): string[] {
  const counts = new Map<string, number>();
  // A word the story's own texts mostly write in lower case is a common word, not a name.
  const lower = new Map<string, number>();
  const capital = new Map<string, number>();
  for (const text of texts) {
    for (const name of namedPeople(text)) counts.set(name, (counts.get(name) ?? 0) + 1);
    for (const [word] of text.matchAll(/\p{L}+/gu)) {
      const forms = /^\p{Lu}/u.test(word) ? capital : lower;
      const key = word.toLowerCase();
      forms.set(key, (forms.get(key) ?? 0) + 1);
    }
  }
  const common = (name: string) => name.split(/[\s'’-]+/).some((w) => (lower.get(w.toLowerCase()) ?? 0) > (capital.get(w.toLowerCase()) ?? 0) / 2);
  // "Cuomo" and "Andrew Cuomo" are one person: the shorter form counts for the longer.
  const names = [...counts.keys()].sort((a, b) => b.length - a.length);
  for (const short of names) {
    const long = names.find((n) => n !== short && (n.startsWith(`${short} `) || n.endsWith(` ${short}`)));
    if (long && counts.has(long)) {
      counts.set(long, counts.get(long)! + counts.get(short)!);
      counts.delete(short);
    }
  }
  return [...counts]
    .filter(([name, count]) => count >= minTexts && !common(name))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([name]) => name);
}
