import type { BeatQuery, BeatQuerySyntaxError, QueryNode, QueryWord, TermNode } from './beat-query-ast.js';
import { foldText } from './beat-text.js';

/*
 * The beat query language, small on purpose:
 *
 *   query   := or
 *   or      := and ( OR and )*
 *   and     := unary ( [AND] unary )*          adjacent terms are joined by AND
 *   unary   := ( NOT | - ) unary | ( or ) | term
 *   term    := word | word* | "a phrase" | #hashtag | #prefix* | @mention
 *
 * So NOT binds tighter than AND, and AND tighter than OR:
 * `"ice bucket" OR #icebucketchallenge AND NOT lawsuit` is
 * `"ice bucket" OR (#icebucketchallenge AND (NOT lawsuit))`.
 *
 * AND, OR and NOT are operators in any case ("or" too); quote them to look for the word.
 * Matching ignores case and accents. A word with punctuation inside (`metro-north`, `o'brien`)
 * is a phrase of its parts. Inside quotes a `*` ends a prefix and a `#` or `@` is ignored:
 * phrases match words, and a hashtag's body counts as a word where it stands.
 */

const MAX_DEPTH = 64;
const MIN_PREFIX = 2;

type Token =
  | { kind: 'term'; node: TermNode; offset: number; text: string }
  | { kind: 'and' | 'or' | 'not' | 'lparen' | 'rparen'; offset: number; text: string };

class SyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    readonly sentence: (column: number) => string,
    readonly expected: string,
  ) {
    super('beat query syntax error');
  }
}

/** 1-based column of an offset, in code points ("São" is three characters however it is encoded). */
export function columnAt(text: string, offset: number): number {
  return Array.from(text.slice(0, offset)).length + 1;
}

const isSpace = (c: string) => /\s/u.test(c);
const OPEN_QUOTES = new Set(['"', '“', '”', '„']);
const CLOSE_QUOTES = new Set(['"', '”', '“']);

function queryWords(folded: string, offset: number, raw: string): QueryWord[] {
  const words: QueryWord[] = [];
  for (const match of folded.matchAll(/([\p{L}\p{N}]+)(\*?)/gu)) {
    const text = match[1]!;
    const prefix = match[2] === '*';
    if (prefix && text.length < MIN_PREFIX) {
      throw new SyntaxFailure(offset, (c) => `write at least ${MIN_PREFIX} letters before * in ${raw} at column ${c}`, 'a longer prefix');
    }
    words.push({ text, prefix });
  }
  return words;
}

function checkStars(raw: string, offset: number): void {
  const star = raw.indexOf('*');
  if (star >= 0 && star !== raw.length - 1) {
    throw new SyntaxFailure(offset + star, (c) => `a * goes only at the end of a word, as in flood*: ${raw} at column ${c}`, 'the end of the word');
  }
}

function readTerm(raw: string, offset: number): TermNode {
  checkStars(raw, offset);
  const sigil = raw[0];
  if (sigil === '#' || sigil === '@') {
    const what = sigil === '#' ? 'hashtag' : 'mention';
    const body = foldText(raw.slice(1));
    const prefix = body.endsWith('*');
    const name = prefix ? body.slice(0, -1) : body;
    const allowed = sigil === '#' ? /^[\p{L}\p{N}_]+$/u : /^[\p{L}\p{N}_]+(?:[.@-][\p{L}\p{N}_]+)*$/u;
    if (name.length === 0) {
      throw new SyntaxFailure(offset, (c) => `expected a ${what} after ${sigil} at column ${c}`, `a ${what}`);
    }
    if (!allowed.test(name)) {
      const rule = sigil === '#' ? 'letters, digits and _' : 'letters, digits, _ and the . or @ of a handle';
      throw new SyntaxFailure(offset, (c) => `a ${what} has only ${rule}: ${raw} at column ${c}`, `a ${what}`);
    }
    if (prefix && name.length < MIN_PREFIX) {
      throw new SyntaxFailure(offset, (c) => `write at least ${MIN_PREFIX} letters before * in ${raw} at column ${c}`, 'a longer prefix');
    }
    return sigil === '#'
      ? { type: 'hashtag', tag: name, prefix, source: raw, offset }
      : { type: 'mention', handle: name, prefix, source: raw, offset };
  }
  const words = queryWords(foldText(raw), offset, raw);
  if (words.length === 0) {
    throw new SyntaxFailure(offset, (c) => `${raw} at column ${c} has no letters or digits to look for`, 'a term');
  }
  return { type: 'phrase', words, quoted: false, source: raw, offset };
}

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', offset: i, text: c });
      i++;
      continue;
    }
    if (OPEN_QUOTES.has(c)) {
      let end = i + 1;
      while (end < text.length && !CLOSE_QUOTES.has(text[end]!)) end++;
      if (end >= text.length) throw new SyntaxFailure(i, (col) => `unclosed quote at column ${col}`, 'a closing quote');
      const raw = text.slice(i, end + 1);
      const inner = text.slice(i + 1, end);
      checkPhraseStars(inner, i + 1);
      const words = queryWords(foldText(inner), i, raw);
      if (words.length === 0) throw new SyntaxFailure(i, (col) => `the quotes at column ${col} hold no words`, 'a phrase');
      tokens.push({ kind: 'term', node: { type: 'phrase', words, quoted: true, source: raw, offset: i }, offset: i, text: raw });
      i = end + 1;
      continue;
    }
    const previous = text[i - 1];
    const termStart = previous === undefined || isSpace(previous) || previous === '(' || previous === '-';
    if (c === '-' && termStart) {
      const next = text[i + 1];
      if (next === undefined || isSpace(next) || next === ')') {
        throw new SyntaxFailure(i + 1, (col) => `expected a term after - at column ${col}`, 'a term');
      }
      tokens.push({ kind: 'not', offset: i, text: '-' });
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && !isSpace(text[end]!) && text[end] !== '(' && text[end] !== ')' && !OPEN_QUOTES.has(text[end]!)) end++;
    const raw = text.slice(i, end);
    const upper = raw.toUpperCase();
    if (upper === 'AND' || upper === 'OR' || upper === 'NOT') {
      tokens.push({ kind: upper === 'AND' ? 'and' : upper === 'OR' ? 'or' : 'not', offset: i, text: upper });
    } else {
      tokens.push({ kind: 'term', node: readTerm(raw, i), offset: i, text: raw });
    }
    i = end;
  }
  return tokens;
}

function checkPhraseStars(inner: string, offset: number): void {
  for (const match of inner.matchAll(/\*/g)) {
    const before = inner[match.index - 1];
    const after = inner[match.index + 1];
    const endsWord = before !== undefined && /[\p{L}\p{N}\p{M}]/u.test(before) && (after === undefined || !/[\p{L}\p{N}]/u.test(after));
    if (!endsWord) {
      throw new SyntaxFailure(offset + match.index, (c) => `a * goes only at the end of a word, as in "colorado flood*": column ${c}`, 'the end of a word');
    }
  }
}

class Parser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly length: number,
  ) {}

  parse(): QueryNode {
    if (this.tokens.length === 0) throw new SyntaxFailure(0, () => 'the query is empty: write at least one term', 'a term');
    const root = this.parseOr(null);
    const rest = this.tokens[this.position];
    if (rest) {
      // Only a stray ) stops the loops above before the end.
      throw new SyntaxFailure(rest.offset, (c) => `unexpected ) at column ${c}: there is no ( to close`, 'the end of the query');
    }
    return root;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private parseOr(after: Token | null): QueryNode {
    const children = [this.parseAnd(after)];
    for (let token = this.peek(); token?.kind === 'or'; token = this.peek()) {
      this.position++;
      children.push(this.parseAnd(token));
    }
    return children.length === 1 ? children[0]! : { type: 'or', children };
  }

  private parseAnd(after: Token | null): QueryNode {
    const children = [this.parseUnary(after)];
    for (let token = this.peek(); token; token = this.peek()) {
      if (token.kind === 'and') {
        this.position++;
        children.push(this.parseUnary(token));
      } else if (token.kind === 'term' || token.kind === 'not' || token.kind === 'lparen') {
        children.push(this.parseUnary(null));
      } else {
        break;
      }
    }
    return children.length === 1 ? children[0]! : { type: 'and', children };
  }

  private parseUnary(after: Token | null): QueryNode {
    const token = this.peek();
    if (!token) {
      const column = (c: number) => `expected a term after ${after?.text ?? 'the query'} at column ${c} (the end of the query)`;
      throw new SyntaxFailure(this.length, column, 'a term');
    }
    switch (token.kind) {
      case 'term':
        this.position++;
        return token.node;
      case 'not': {
        this.position++;
        return { type: 'not', child: this.nested(token, () => this.parseUnary(token)) };
      }
      case 'lparen': {
        this.position++;
        const inner = this.nested(token, () => this.parseOr(token));
        const close = this.peek();
        if (close?.kind !== 'rparen') {
          throw new SyntaxFailure(token.offset, (c) => `unclosed parenthesis at column ${c}: expected )`, 'a closing parenthesis');
        }
        this.position++;
        return inner;
      }
      default: {
        const found = token.kind === 'rparen' ? ')' : token.text;
        if (after === null) {
          throw new SyntaxFailure(token.offset, (c) => `expected a term before ${found} at column ${c}`, 'a term');
        }
        throw new SyntaxFailure(token.offset, (c) => `expected a term after ${after.text} at column ${c}, found ${found}`, 'a term');
      }
    }
  }

  private nested<T>(token: Token, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw new SyntaxFailure(token.offset, (c) => `the query nests more than ${MAX_DEPTH} levels deep at column ${c}`, 'fewer levels');
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}

/** Parses a beat query; a mistake comes back as a BeatQuerySyntaxError naming its column. */
export function parseBeatQuery(text: string): BeatQuery | BeatQuerySyntaxError {
  try {
    const root = new Parser(lex(text), text.length).parse();
    return { kind: 'beat-query', source: text, root };
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    const column = columnAt(text, error.offset);
    return { kind: 'syntax-error', message: error.sentence(column), offset: error.offset, column, expected: error.expected };
  }
}
