import { decodeHTML } from 'entities';

export interface RecoveredXml {
  /** Well-formed XML (as far as a strict parser such as sax cares), or '' when there was no element. */
  text: string;
  /** The name of the root element after renaming, or null when the document has none. */
  root: string | null;
  /** What was repaired, in words, once per kind of problem. */
  warnings: string[];
}

export interface RecoveryOptions {
  /**
   * Namespaces whose prefix is dropped from element names, so `<a:feed xmlns:a="…Atom">` reads
   * as `<feed>`: the parser downstream matches names, not namespaces.
   */
  unprefixNamespaces?: readonly string[];
  /** Deeper nesting than this is refused: no feed needs it, and a parser's stack should not pay for it. */
  maxDepth?: number;
}

export class UnrecoverableXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecoverableXmlError';
  }
}

const XML_PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const CONTROL_CHARACTERS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));/y;
const NAME_START = /[A-Za-z_:\u00C0-\uFFEF]/;
const ATTRIBUTE = /([^\s=/"'<>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

/**
 * Repairs the XML mistakes feeds make, as a lenient feed reader would read past them: text
 * before the first tag, control characters, a bare `&` or `<`, HTML entities (`&nbsp;`),
 * unquoted or duplicated attributes, stray or missing end tags, content after the root, and a
 * document cut off in the middle. Comments and the DOCTYPE are dropped (nothing in a feed needs
 * them, and a DOCTYPE's entity declarations are a known way to make a parser do unbounded
 * work). One pass over the text with indexOf and sticky regexes: linear in its length.
 */
export function recoverXml(input: string, options: RecoveryOptions = {}): RecoveredXml {
  const maxDepth = options.maxDepth ?? 256;
  const problems = new Map<string, number>();
  const note = (problem: string) => problems.set(problem, (problems.get(problem) ?? 0) + 1);

  let source = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  source = source.replace(CONTROL_CHARACTERS, () => {
    note('control characters were removed');
    return '';
  });

  const out: string[] = [];
  const stack: string[] = [];
  let root: string | null = null;
  let rootClosed = false;
  let prefixes: Set<string> | null = null;
  let feedNamespace: string | null = null;
  let i = 0;
  let textStart = 0;

  const flushText = (end: number) => {
    if (end <= textStart) return;
    const text = source.slice(textStart, end);
    if (stack.length > 0) out.push(escapeText(text, note));
    else if (text.trim() !== '') note(root === null ? 'text before the first element was ignored' : 'content after the end of the document was ignored');
  };
  const rename = (name: string) => {
    if (!prefixes) return name;
    const colon = name.indexOf(':');
    return colon > 0 && prefixes.has(name.slice(0, colon)) ? name.slice(colon + 1) : name;
  };

  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt === -1) break;
    flushText(lt);
    i = lt;
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      if (end === -1) {
        note('an unclosed comment at the end was dropped');
        i = source.length;
      } else i = end + 3;
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i + 9);
      const content = source.slice(i + 9, end === -1 ? source.length : end);
      if (end === -1) note('the document ends inside a CDATA section');
      // Outside any element CDATA is as stray as text.
      if (stack.length > 0) out.push(`<![CDATA[${content}]]>`);
      i = end === -1 ? source.length : end + 3;
    } else if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i + 2);
      // Only the XML declaration is kept (and only at the start): other instructions do nothing for us.
      if (out.length === 0 && root === null && source.startsWith('<?xml ', i) && end !== -1) out.push(source.slice(i, end + 2));
      i = end === -1 ? source.length : end + 2;
    } else if (source.startsWith('<!', i)) {
      i = skipDeclaration(source, i);
    } else if (source[i + 1] === '/') {
      const end = tagEnd(source, i);
      if (end === -1) {
        note(source.indexOf('<', i + 1) === -1 ? 'the document ends inside a tag' : 'a broken end tag was ignored');
        i = nextTagOrEnd(source, i);
      } else {
        const name = rename(source.slice(i + 2, end).trim());
        const at = stack.lastIndexOf(name);
        if (at === -1) note('end tags without a start tag were ignored');
        else {
          if (at !== stack.length - 1) note('unclosed elements were closed');
          while (stack.length > at) out.push(`</${stack.pop()}>`);
          if (stack.length === 0) rootClosed = true;
        }
        i = end + 1;
      }
    } else if (NAME_START.test(source[i + 1] ?? '')) {
      const end = tagEnd(source, i);
      if (end === -1) {
        if (source.indexOf('<', i + 1) === -1) {
          note('the document ends inside a tag');
          i = source.length;
        } else {
          if (stack.length > 0) {
            note('a bare "<" was escaped');
            out.push('&lt;');
          }
          i += 1;
        }
      } else {
        const selfClosing = source[end - 1] === '/';
        const inner = source.slice(i + 1, selfClosing ? end - 1 : end);
        const nameEnd = inner.search(/[\s/]|$/);
        const rawName = inner.slice(0, nameEnd);
        const attributes = readAttributes(inner.slice(nameEnd), note);
        if (root === null) feedNamespace = rootNamespace(rawName, attributes, options.unprefixNamespaces ?? []);
        // Bindings are collected from every tag, not scoped: feeds reuse a prefix for one namespace.
        if (feedNamespace) prefixes = prefixesBoundTo(attributes, feedNamespace, prefixes);
        const name = rename(rawName);
        i = end + 1;
        if (rootClosed || (stack.length === 0 && root !== null)) {
          note('content after the end of the document was ignored');
          // Skip the whole stray element, not only its start tag.
          i = source.length;
          textStart = i;
          continue;
        }
        root ??= name;
        out.push(`<${name}${attributes.map(([key, value]) => ` ${key}="${value}"`).join('')}${selfClosing ? '/>' : '>'}`);
        if (!selfClosing) {
          stack.push(name);
          if (stack.length > maxDepth) throw new UnrecoverableXmlError(`elements are nested more than ${maxDepth} deep`);
        } else if (stack.length === 0) rootClosed = true;
      }
    } else {
      if (stack.length > 0) {
        note('a bare "<" was escaped');
        out.push('&lt;');
      }
      i += 1;
    }
    textStart = i;
  }
  flushText(source.length);
  if (stack.length > 0) {
    note(`the document ends early (truncated); ${stack.length} open element(s) were closed`);
    while (stack.length > 0) out.push(`</${stack.pop()}>`);
  }
  const warnings = [...problems].map(([problem, count]) => (count > 1 ? `${problem} (${count} times)` : problem));
  return { text: root === null ? '' : out.join(''), root, warnings };
}

/**
 * Index of the `>` that ends the tag at `start`, or -1 when another `<` or the end comes first.
 * A `>` inside a quoted attribute value does not end the tag; a `<` anywhere means the tag is
 * broken. Each character is looked at once, so a hostile run of half-tags stays linear.
 */
function tagEnd(source: string, start: number): number {
  let quote: string | null = null;
  for (let j = start + 1; j < source.length; j++) {
    const c = source[j];
    if (c === '<') return -1;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      // A quote opens a value only after "=": elsewhere it is a typo to read past.
      if (/=\s*$/.test(source.slice(Math.max(start, j - 8), j))) quote = c;
    } else if (c === '>') return j;
  }
  return -1;
}

function nextTagOrEnd(source: string, from: number): number {
  const next = source.indexOf('<', from + 1);
  return next === -1 ? source.length : next;
}

/** Skips `<!DOCTYPE …>` (with an internal subset in brackets) or any other `<!…>`. */
function skipDeclaration(source: string, start: number): number {
  let depth = 0;
  for (let j = start + 2; j < source.length; j++) {
    const c = source[j];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) return j + 1;
  }
  return source.length;
}

function readAttributes(text: string, note: (problem: string) => void): Array<[string, string]> {
  const seen = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    const [, name, doubleQuoted, singleQuoted, unquoted] = match;
    if (!name) continue;
    if (!NAME_START.test(name)) {
      note('malformed attributes were dropped');
      continue;
    }
    if (unquoted !== undefined) note('unquoted attribute values were quoted');
    const value = doubleQuoted ?? singleQuoted ?? unquoted;
    if (value === undefined) note('attributes without a value were given their own name');
    if (seen.has(name)) {
      note('duplicate attributes were dropped');
      continue;
    }
    seen.set(name, escapeText(value ?? name, note).replace(/"/g, '&quot;'));
  }
  return [...seen];
}

/**
 * The namespace of the root element when it is one of `namespaces`: only prefixes bound to it are
 * dropped, so `<atom:link>` inside an RSS channel stays what it is. For `<rdf:RDF>` (RSS 0.90 and
 * 1.0) the feed's namespace is the default one.
 */
function rootNamespace(name: string, attributes: Array<[string, string]>, namespaces: readonly string[]): string | null {
  const colon = name.indexOf(':');
  const binding = name === 'rdf:RDF' || colon === -1 ? 'xmlns' : `xmlns:${name.slice(0, colon)}`;
  const namespace = attributes.find(([key]) => key === binding)?.[1];
  return namespace && namespaces.includes(namespace) ? namespace : null;
}

function prefixesBoundTo(attributes: Array<[string, string]>, namespace: string, known: Set<string> | null): Set<string> | null {
  const prefixes = known ?? new Set<string>();
  for (const [name, value] of attributes) {
    if (name.startsWith('xmlns:') && value === namespace) prefixes.add(name.slice(6));
  }
  return prefixes.size > 0 ? prefixes : null;
}

/** Text and attribute values: every `&` starts a known entity afterwards, every `<` is escaped. */
function escapeText(text: string, note: (problem: string) => void): string {
  if (!text.includes('&') && !text.includes('<')) return text;
  let result = '';
  let from = 0;
  for (let j = 0; j < text.length; j++) {
    const c = text[j];
    if (c === '<') {
      result += `${text.slice(from, j)}&lt;`;
      from = j + 1;
      note('a bare "<" was escaped');
      continue;
    }
    if (c !== '&') continue;
    ENTITY.lastIndex = j;
    const match = ENTITY.exec(text);
    let replacement: string | null = null;
    if (!match) {
      replacement = '&amp;';
      note('a bare "&" was escaped');
    } else if (match[3] !== undefined) {
      if (XML_PREDEFINED.has(match[3])) {
        j += match[0].length - 1;
        continue;
      }
      const decoded = decodeHTML(match[0]);
      if (decoded !== match[0]) {
        note('HTML entities were converted');
        replacement = [...decoded].map((char) => `&#${char.codePointAt(0)};`).join('');
      } else {
        note('unknown entities were kept as text');
        replacement = `&amp;${match[3]};`;
      }
      j += match[0].length - 1;
      result += text.slice(from, j - match[0].length + 1) + replacement;
      from = j + 1;
      continue;
    } else {
      const code = match[1] !== undefined ? Number(match[1]) : Number.parseInt(match[2] ?? '', 16);
      if (isXmlChar(code)) {
        j += match[0].length - 1;
        continue;
      }
      note('character references to characters XML does not allow were removed');
      result += text.slice(from, j);
      j += match[0].length - 1;
      from = j + 1;
      continue;
    }
    result += text.slice(from, j) + replacement;
    from = j + 1;
  }
  return result + text.slice(from);
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}
