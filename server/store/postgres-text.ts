/**
 * PostgreSQL's text cannot hold U+0000, and jsonb also refuses lone UTF-16 surrogates; a feed or
 * a member can send both, and the lowdb file keeps them. So every string bound for the database
 * (a column or a string inside a jsonb document, keys included) has those code units, and the
 * escape character itself, written as ESCAPE + four hex digits. The mapping is one-to-one, so
 * equality in SQL (`=`, `@>`) still holds when both sides are escaped the same way.
 */
const ESCAPE = '\uffff';
const UNSAFE = /[\u0000\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const ESCAPED_ALL = /\uffff([0-9a-f]{4})/g;
/** How the unsafe code units look inside JSON.stringify's output: a cheap test before walking a document. */
const UNSAFE_IN_JSON = /\\u0000|\\ud[89a-f][0-9a-f]{2}|\uffff/;

export function toStoredText(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, (unit) => ESCAPE + unit.charCodeAt(0).toString(16).padStart(4, '0')) : text;
}

export function fromStoredText(text: string): string {
  return text.includes(ESCAPE) ? text.replace(ESCAPED_ALL, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
}

/** JSON text of a value, safe to bind as a jsonb parameter. */
export function toStoredJson(value: unknown): string {
  const text = JSON.stringify(value);
  return UNSAFE_IN_JSON.test(text) ? JSON.stringify(mapStrings(JSON.parse(text), toStoredText)) : text;
}

/** Reads a jsonb value as PostgreSQL prints it, undoing toStoredJson. */
export function parseStoredJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return text.includes(ESCAPE) ? mapStrings(value, fromStoredText) : value;
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((entry) => mapStrings(entry, map));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [map(key), mapStrings(entry, map)]));
  }
  return value;
}
