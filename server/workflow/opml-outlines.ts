import { decodeXML } from 'entities';

export interface OpmlOutline {
  /** The outline's title, else its text; null when it has neither. */
  title: string | null;
  xmlUrl: string | null;
}

export class OpmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpmlError';
  }
}

// An attribute value may hold `>`, so a tag ends only after whole attributes.
const OUTLINE = /<outline\b((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/gi;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The outlines of an OPML subscription list, in document order, nested ones included (folders
 * are flattened). Read without an XML parser on purpose: an OPML file only needs the outline
 * attributes, and this never expands DTD entities, so a hostile file cannot make it fetch
 * anything or blow up in memory.
 */
export function opmlOutlines(text: string): OpmlOutline[] {
  const body = text.replace(/^\uFEFF/, '').replace(/<!--[\s\S]*?-->/g, '');
  if (!/<opml[\s>]/i.test(body)) throw new OpmlError('this is not an OPML document (no <opml> element); export the subscription list from your feed reader as OPML');
  const outlines: OpmlOutline[] = [];
  for (const match of body.matchAll(OUTLINE)) {
    const attributes = new Map<string, string>();
    for (const attribute of (match[1] ?? '').matchAll(ATTRIBUTE)) {
      attributes.set(attribute[1]!.toLowerCase(), decodeXML(attribute[2] ?? attribute[3] ?? '').trim());
    }
    outlines.push({ title: attributes.get('title') || attributes.get('text') || null, xmlUrl: attributes.get('xmlurl') || null });
  }
  return outlines;
}
