/**
 * xml2js gives an element as a string, as `{ _: text, $: attributes }`, as an array of those, or
 * as nested objects (Atom's type="xhtml"): every field we read goes through these helpers so
 * none of those shapes reaches the item as "[object Object]".
 */
export function textOf(value: unknown): string | null {
  const text = collect(value, 0).trim();
  return text === '' ? null : text;
}

function collect(value: unknown, depth: number): string {
  if (depth > 32 || value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length > 0 ? collect(value[0], depth + 1) : '';
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Mixed content ("Crane <b>inspection</b>"): xml2js keeps the text apart from the children,
    // so the order is lost, but no word is.
    return Object.entries(record)
      .filter(([key]) => key !== '$')
      .sort(([a], [b]) => (a === '_' ? -1 : b === '_' ? 1 : 0))
      .map(([, child]) => (Array.isArray(child) ? child.map((c) => collect(c, depth + 1)).join(' ') : collect(child, depth + 1)))
      .join(' ');
  }
  return '';
}

/** The attributes of an element (`$`), or of the first one of an array. */
export function attributesOf(value: unknown): Record<string, string> {
  const first = Array.isArray(value) ? value[0] : value;
  if (first && typeof first === 'object' && '$' in first) return (first as { $: Record<string, string> }).$ ?? {};
  return {};
}

/** The first child element named `name` of an xml2js element. */
export function childOf(value: unknown, name: string): unknown {
  const first = Array.isArray(value) ? value[0] : value;
  if (first && typeof first === 'object') return (first as Record<string, unknown>)[name];
  return undefined;
}

/** A non-negative integer from a count attribute ("1,234" included), or undefined. */
export function countOf(raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  const value = Number(String(raw).replace(/[,\s_]/g, ''));
  return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}
