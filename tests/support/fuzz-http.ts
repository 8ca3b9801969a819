import fc from 'fast-check';

/**
 * Hostile requests for every route the app describes in its own OpenAPI document: the routes are
 * read from the document, not listed by hand, so a route added later is fuzzed without anyone
 * remembering to.
 */

/** The part of JSON Schema the OpenAPI document uses for our bodies and parameters. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
  required?: string[];
  exclusiveMinimum?: number;
}

export interface FuzzRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As the document names it: `/api/opportunities/{id}/claim`. */
  template: string;
  pathParams: string[];
  query: Array<{ name: string; schema: JsonSchema }>;
  /** The JSON body's schema, or null for a route that takes none. */
  body: JsonSchema | null;
}

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export function routesOf(document: { paths: Record<string, Record<string, OpenApiOperation>> }): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      routes.push({
        method: method.toUpperCase() as FuzzRoute['method'],
        template,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return routes;
}

/** Strings that have hurt parsers, validators and templates elsewhere. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\u202E\u0645\u0631\u062D\u0628\u0627',
  '𝕿𝖎𝖉𝖊𝖜𝖆𝖙𝖈𝖍 🌊👩🏽‍💻',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗̻̊̎͒',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'valueOf',
  'toString',
  '../../../../etc/passwd',
  '%00',
  '%zz',
  '%',
  '%%%%%%',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://127.0.0.1:1/',
  'http://169.254.169.254/latest/meta-data/',
  "'; DROP TABLE items; --",
  '${7*7}{{7*7}}',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '9007199254740993',
  'null',
  'true',
  '[]',
  '{}',
  'now',
  '2026-13-45T25:61:61Z',
  '0000-00-00',
  '9999-12-31T23:59:59.999Z',
  '"harbor" AND NOT (OR',
  'a'.repeat(5_000),
];

const nastyString = fc.constantFrom(...NASTY_STRINGS);

/** Any string, weighted towards the ones that hurt: unicode, lone surrogates, control characters, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.constantFrom(200_000, 1_100_000).chain((n) => fc.constantFrom('x', '\u{1F30A}', '<', '&', '"').map((c) => c.repeat(n))) },
);

/** Numbers a validator may not expect: huge, negative, fractional, -0. */
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-320),
);

/** Any JSON value, with the hostile strings and numbers above inside it. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    hostileNumber,
    hostileString,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), nastyString), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** `depth` arrays or objects inside each other, as JSON text (built as text: no stack is used). */
export function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A value for a field of `schema`: usually one it allows, often one it does not. */
export function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 3) return hostileJson;
  const options: Array<fc.Arbitrary<unknown>> = [hostileJson];
  if (schema.enum && schema.enum.length > 0) options.push(fc.constantFrom(...schema.enum));
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) options.push(valueFor(alternative, depth + 1));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  for (const type of types) {
    if (type === 'string') {
      options.push(hostileString);
      if (schema.format === 'date-time') options.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
      if (schema.format === 'email') options.push(fc.emailAddress());
      if (schema.maxLength !== undefined) options.push(fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength, 64) }));
      if (schema.maxLength !== undefined) options.push(fc.constant('w'.repeat(schema.maxLength)), fc.constant('w'.repeat(schema.maxLength + 1)));
    } else if (type === 'integer' || type === 'number') {
      options.push(hostileNumber, fc.integer({ min: -2, max: 5 }));
    } else if (type === 'boolean') {
      options.push(fc.boolean());
    } else if (type === 'array') {
      options.push(fc.array(valueFor(schema.items, depth + 1), { maxLength: 6 }));
    } else if (type === 'object') {
      options.push(objectFor(schema, depth + 1));
    } else if (type === 'null') {
      options.push(fc.constant(null));
    }
  }
  return fc.oneof(...options);
}

/**
 * A value the schema allows, as near as this can tell, with hostile content where it allows any:
 * unicode, markup, entity-looking text, the longest string it takes. Gets the fuzz past
 * validation into the commands behind it.
 */
export function validFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.constant(null);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const alternatives = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  if (alternatives.length > 0) return fc.oneof(...alternatives.map((alternative) => validFor(alternative, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.format === 'uri') return fc.constantFrom('https://news.example/a', 'http://127.0.0.1:1/x', 'https://news.example/?q=<script>');
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 300, 300);
      return fc
        .oneof(fc.string({ unit: 'grapheme', minLength: min, maxLength: max }), nastyString.filter((t) => t.length >= min && t.length <= max))
        .filter((t) => t.length >= min && t.length <= (schema.maxLength ?? Infinity) && (min === 0 || t.trim().length > 0));
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -5), max: schema.maximum ?? 20 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validFor(schema.items, depth + 1), { minLength: 1, maxLength: 3 });
    case 'object': {
      const fields = Object.entries(schema.properties ?? {});
      if (fields.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), hostileJson, { maxKeys: 3 });
      return fc.record(Object.fromEntries(fields.map(([name, field]) => [name, validFor(field, depth + 1)])), { requiredKeys: schema.required ?? [] });
    }
    default:
      return hostileJson;
  }
}

/** An object with some of the schema's fields (each right or wrong), and sometimes fields it does not know. */
function objectFor(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.entries(schema.properties ?? {});
  const known = fc.record(Object.fromEntries(fields.map(([name, field]) => [name, valueFor(field, depth)])), { requiredKeys: [] });
  const extra = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), nastyString), hostileJson, { maxKeys: 2 });
  return fc.tuple(known, fc.option(extra, { freq: 3 })).map(([a, b]) => (b ? Object.assign(Object.create(null), b, a) : a));
}

export interface FuzzBody {
  contentType: string | null;
  text: string | null;
}

/** Prototype-pollution attempts, written as text: JSON.stringify would drop or rename them. */
const POLLUTION_KEYS = [
  '"__proto__":{"polluted":"yes","isAdmin":true,"roles":["admin"]}',
  '"constructor":{"prototype":{"polluted":"yes"}}',
  '"__proto__":{"__proto__":{"polluted":"yes"}}',
  '"prototype":{"polluted":"yes"}',
];

/** Splices a pollution key into a JSON object's text, before its other fields. */
function withPollution(json: string, key: string): string {
  return json.startsWith('{') ? `{${key}${json === '{}' ? '' : `,${json.slice(1)}`}` : `{${key}}`;
}

function stringifyOrNull(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** A request body for `route`: shaped like its schema, wrong in type, malformed, polluted, huge or deep. */
export function bodyFor(route: FuzzRoute): fc.Arbitrary<FuzzBody> {
  const json = (text: string): FuzzBody => ({ contentType: 'application/json', text });
  const shaped = route.body ? valueFor(route.body) : hostileJson;
  const fieldNames = Object.keys(route.body?.properties ?? {});
  const fieldsWrong =
    fieldNames.length > 0
      ? fc.dictionary(fc.constantFrom(...fieldNames), hostileJson, { minKeys: 1, maxKeys: fieldNames.length })
      : fc.dictionary(fc.string({ maxLength: 8 }), hostileJson, { maxKeys: 3 });
  const valid = route.body ? validFor(route.body) : fc.constant({});
  return fc.oneof(
    { weight: 5, arbitrary: valid.map((value) => json(stringifyOrNull(value))) },
    { weight: 4, arbitrary: shaped.map((value) => json(stringifyOrNull(value))) },
    { weight: 3, arbitrary: fieldsWrong.map((value) => json(stringifyOrNull(value))) },
    { weight: 2, arbitrary: fc.tuple(shaped, fc.constantFrom(...POLLUTION_KEYS)).map(([value, key]) => json(withPollution(stringifyOrNull(value), key))) },
    { weight: 1, arbitrary: hostileJson.map((value) => json(stringifyOrNull(value))) },
    // Not JSON at all, or cut short, said to be JSON.
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map(json) },
    { weight: 1, arbitrary: shaped.chain((value) => { const text = stringifyOrNull(value); return fc.nat(text.length).map((n) => json(text.slice(0, n))); }) },
    // Deep nesting, bare and under one of the route's own fields.
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(1_000, 20_000, 100_000), fc.constantFrom<'array' | 'object'>('array', 'object'), fc.option(fc.constantFrom(...(fieldNames.length > 0 ? fieldNames : ['x']))))
        .map(([depth, kind, field]) => json(field === null ? deeplyNested(depth, kind) : `{${JSON.stringify(field)}:${deeplyNested(depth, kind)}}`)),
    },
    // The right words with the wrong type, or none.
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom<string | null>(null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/xml'), shaped).map(([contentType, value]) => ({ contentType, text: stringifyOrNull(value) })) },
    { weight: 1, arbitrary: fc.constant<FuzzBody>({ contentType: 'application/json', text: null }) },
  );
}

/** A query string for `route`: its own parameters with hostile values, repeated, unknown or badly encoded. */
export function queryFor(route: FuzzRoute): fc.Arbitrary<string> {
  const names = route.query.map((q) => q.name);
  const name = names.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }) : fc.string({ maxLength: 8 });
  const scalar = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');
  const byName = new Map(route.query.map((q) => [q.name, q.schema]));
  const pair = name.chain((key) => fc.oneof(valueFor(byName.get(key)), validFor(byName.get(key))).map((value) => `${encodeSegment(key)}=${encodeSegment(scalar(value))}`));
  const encoded = fc.array(pair, { maxLength: 5 }).map((pairs) => pairs.join('&'));
  // Raw text: stray %, &, =, brackets and unicode, as a hand-typed or hostile URL carries them.
  const raw = fc.array(fc.oneof(fc.constantFrom(...names, '&', '=', '%', '%zz', '%C0%AF', '[]', '[0]', '__proto__', 'a[b]=c', '%00', '+'), fc.string({ unit: 'grapheme', maxLength: 10 })), { maxLength: 10 }).map((parts) => parts.join('').replace(/#/g, '%23'));
  return fc.oneof({ weight: 3, arbitrary: encoded }, { weight: 1, arbitrary: raw });
}

/** A path for `route` with each parameter a known id or a hostile one. */
/** encodeURIComponent, with lone surrogates (which it throws on) made U+FFFD as a URL parser would. */
export function encodeSegment(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}

export function pathFor(route: FuzzRoute, knownIds: readonly string[]): fc.Arbitrary<string> {
  const segment = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...knownIds) }, { weight: 2, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 2_000).map(encodeSegment) }, { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '..', '%2e%2e', '%2F', '%00') });
  return fc.tuple(...route.pathParams.map(() => segment)).map((values) => {
    let path = route.template;
    route.pathParams.forEach((param, index) => (path = path.replace(`{${param}}`, values[index]!)));
    return path;
  });
}

/**
 * What is wrong with an answer, in words, or null when it keeps the promise: no 5xx, and every
 * refusal a JSON error with a code and a message a person can read.
 */
export async function problemWith(response: Response): Promise<string | null> {
  const text = await response.text();
  if (response.status >= 500) return `answered ${response.status}: ${text.slice(0, 500)}`;
  if (response.status < 400) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (!error || typeof error.code !== 'string' || error.code === '') return `answered ${response.status} without an error code: ${text.slice(0, 200)}`;
  if (typeof error.message !== 'string' || error.message.trim().length < 3) return `answered ${response.status} without a message: ${text.slice(0, 200)}`;
  if (!/^application\/json/.test(response.headers.get('content-type') ?? '')) return `answered ${response.status} as ${response.headers.get('content-type')}, not JSON`;
  return null;
}

/** The own keys of the built-in prototypes a pollution would land on. */
export function prototypeKeys(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((proto) => Reflect.ownKeys(proto).map(String).sort().join(','))
    .join(' | ');
}
