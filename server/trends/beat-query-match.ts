import { positiveTerms, type BeatQuery, type QueryNode, type QueryWord, type TermNode } from './beat-query-ast.js';
import { textParts } from './beat-text.js';

/** A text as a beat sees it: folded words, hashtags and mentions, and its language and region when known. */
export interface BeatDocument {
  readonly words: readonly string[];
  readonly hashtags: ReadonlySet<string>;
  readonly mentions: ReadonlySet<string>;
  /** BCP 47 code ("en", "pt-BR"), or null when unknown. */
  readonly language: string | null;
  readonly region: string | null;
}

export function beatDocument(text: string, scope: { language?: string | null; region?: string | null } = {}): BeatDocument {
  const { words, hashtags, mentions } = textParts(text);
  return { words, hashtags, mentions, language: scope.language ?? null, region: scope.region ?? null };
}

/** A beat's languages and regions; empty lists do not filter. */
export interface BeatScope {
  languages?: readonly string[];
  regions?: readonly string[];
}

const wordMatches = (want: QueryWord, word: string) => (want.prefix ? word.startsWith(want.text) : word === want.text);

function phraseMatches(words: readonly QueryWord[], document: BeatDocument): boolean {
  const first = words[0];
  if (!first) return false;
  const last = document.words.length - words.length;
  outer: for (let i = 0; i <= last; i++) {
    if (!wordMatches(first, document.words[i]!)) continue;
    for (let j = 1; j < words.length; j++) if (!wordMatches(words[j]!, document.words[i + j]!)) continue outer;
    return true;
  }
  return false;
}

function inSet(set: ReadonlySet<string>, name: string, prefix: boolean): boolean {
  if (!prefix) return set.has(name);
  for (const entry of set) if (entry.startsWith(name)) return true;
  return false;
}

export function termMatches(term: TermNode, document: BeatDocument): boolean {
  switch (term.type) {
    case 'phrase':
      return phraseMatches(term.words, document);
    case 'hashtag':
      return inSet(document.hashtags, term.tag, term.prefix);
    case 'mention':
      return inSet(document.mentions, term.handle, term.prefix);
  }
}

function evaluate(node: QueryNode, document: BeatDocument): boolean {
  switch (node.type) {
    case 'and':
      return node.children.every((child) => evaluate(child, document));
    case 'or':
      return node.children.some((child) => evaluate(child, document));
    case 'not':
      return !evaluate(node.child, document);
    default:
      return termMatches(node, document);
  }
}

/** "en" admits "en", "en-GB" and "EN_us"; "en-GB" admits only "en-GB". */
function codeAdmits(wanted: string, actual: string): boolean {
  const w = wanted.toLowerCase().replace(/_/g, '-');
  const a = actual.toLowerCase().replace(/_/g, '-');
  return a === w || a.startsWith(`${w}-`);
}

/** A beat with languages (or regions) only admits documents in one of them; an unknown one passes. */
export function inScope(scope: BeatScope, document: BeatDocument): boolean {
  const { languages = [], regions = [] } = scope;
  if (languages.length > 0 && document.language !== null && !languages.some((l) => codeAdmits(l, document.language!))) return false;
  if (regions.length > 0 && document.region !== null && !regions.some((r) => codeAdmits(r, document.region!))) return false;
  return true;
}

export function matchesBeat(query: BeatQuery, document: BeatDocument, scope: BeatScope = {}): boolean {
  return inScope(scope, document) && evaluate(query.root, document);
}

/** How a story's documents match one beat. */
export interface BeatMatch {
  matched: boolean;
  /** Documents that match, and how many were looked at. */
  matchedDocuments: number;
  documents: number;
  /** matchedDocuments / documents, 0 when there are none. */
  share: number;
  /** The query's terms that occur in matching documents, most frequent first, as written. */
  terms: Array<{ term: string; documents: number }>;
}

export interface StoryMatchOptions {
  /** A story matches when at least this share of its documents match... */
  minShare: number;
  /** ...or at least this many of them do, whatever the share (a big story with a strong thread). */
  minDocuments: number;
}

/**
 * A story matches a beat when a fifth of its documents match, or ten of them: a cluster is
 * never pure, so one stray mention should not make a story the beat's, and a large story with
 * a strong thread on the beat should not be lost for the rest of its chatter.
 */
export const DEFAULT_STORY_MATCH: StoryMatchOptions = { minShare: 0.2, minDocuments: 10 };

export function matchStory(query: BeatQuery, documents: readonly BeatDocument[], scope: BeatScope = {}, options: StoryMatchOptions = DEFAULT_STORY_MATCH): BeatMatch {
  const terms = positiveTerms(query.root);
  const termCounts = new Map<string, number>();
  let matchedDocuments = 0;
  for (const document of documents) {
    if (!matchesBeat(query, document, scope)) continue;
    matchedDocuments++;
    const seen = new Set<string>();
    for (const term of terms) {
      if (seen.has(term.source) || !termMatches(term, document)) continue;
      seen.add(term.source);
      termCounts.set(term.source, (termCounts.get(term.source) ?? 0) + 1);
    }
  }
  const share = documents.length === 0 ? 0 : matchedDocuments / documents.length;
  const matched = matchedDocuments > 0 && (share >= options.minShare || matchedDocuments >= options.minDocuments);
  return {
    matched,
    matchedDocuments,
    documents: documents.length,
    share,
    terms: [...termCounts].map(([term, count]) => ({ term, documents: count })).sort((a, b) => b.documents - a.documents),
  };
}
