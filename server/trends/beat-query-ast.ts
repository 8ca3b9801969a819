/*
 * The parsed form of a beat query (see beat-query-parse.ts for the language).
 */

/** One word of a term, folded; `prefix` when it was written with a trailing `*`. */
export interface QueryWord {
  text: string;
  prefix: boolean;
}

/**
 * Words that must appear in this order, next to each other (punctuation between them does not
 * matter): a bare word is a sequence of one, `metro-north` and `"metro north"` of two.
 */
export interface PhraseNode {
  type: 'phrase';
  words: QueryWord[];
  quoted: boolean;
  /** As written, for reasons and messages. */
  source: string;
  offset: number;
}

export interface HashtagNode {
  type: 'hashtag';
  /** Folded, without the #. */
  tag: string;
  prefix: boolean;
  source: string;
  offset: number;
}

export interface MentionNode {
  type: 'mention';
  /** Folded, without the @. */
  handle: string;
  prefix: boolean;
  source: string;
  offset: number;
}

export type TermNode = PhraseNode | HashtagNode | MentionNode;

export interface AndNode {
  type: 'and';
  children: QueryNode[];
}
export interface OrNode {
  type: 'or';
  children: QueryNode[];
}
export interface NotNode {
  type: 'not';
  child: QueryNode;
}

export type QueryNode = TermNode | AndNode | OrNode | NotNode;

export interface BeatQuery {
  kind: 'beat-query';
  /** The text as written. */
  source: string;
  root: QueryNode;
}

export interface BeatQuerySyntaxError {
  kind: 'syntax-error';
  /** A sentence naming what is wrong and its column, e.g. "unclosed quote at column 7". */
  message: string;
  /** 0-based index into the text (UTF-16 units). */
  offset: number;
  /** 1-based column, counted in characters as a person sees them. */
  column: number;
  /** What the parser expected there: "a term", "a closing quote", "a closing parenthesis", ... */
  expected: string;
}

export function isBeatQuerySyntaxError(value: BeatQuery | BeatQuerySyntaxError): value is BeatQuerySyntaxError {
  return value.kind === 'syntax-error';
}

/** The terms a query looks for: leaves not under a NOT. */
export function positiveTerms(node: QueryNode, negated = false): TermNode[] {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.children.flatMap((child) => positiveTerms(child, negated));
    case 'not':
      return positiveTerms(node.child, !negated);
    default:
      return negated ? [] : [node];
  }
}
