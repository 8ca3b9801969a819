import { z } from 'zod';

/** A beat as a replay uses it: what `findOpportunities` needs of the store's Beat. */
export interface ReplayBeat {
  id: string;
  name: string;
  query: string;
  languages: string[];
  regions: string[];
  requiresLegal: boolean;
}

const beatEntry = z.union([
  z.object({
    id: z.string().min(1).optional(),
    name: z.string().min(1),
    query: z.string().min(1),
    languages: z.array(z.string()).optional(),
    regions: z.array(z.string()).optional(),
    requiresLegal: z.boolean().optional(),
  }),
  // The shape of ../shared/data/streams/crisis-dev.beats.json: the keywords a collector used.
  z.object({
    id: z.string().min(1).optional(),
    name: z.string().min(1),
    keywords: z.array(z.string()).min(1),
    languages: z.array(z.string()).optional(),
    regions: z.array(z.string()).optional(),
    requiresLegal: z.boolean().optional(),
  }),
]);

export const beatsFileSchema = z.union([z.array(beatEntry), z.object({ beats: z.array(beatEntry) }).transform((file) => file.beats)]);

const OPERATOR = /^(and|or|not)$/i;

/** Keywords as a query: any of them, phrases and operator words quoted, hashtags and mentions as they are. */
export function keywordsQuery(keywords: readonly string[]): string {
  const terms = new Set<string>();
  for (const keyword of keywords) {
    const clean = keyword.replace(/["“”„]/g, ' ').replace(/\s+/g, ' ').trim();
    if (clean === '') continue;
    terms.add(/^[#@]?[\p{L}\p{N}_]+$/u.test(clean) && !OPERATOR.test(clean) ? clean : `"${clean}"`);
  }
  return [...terms].join(' OR ');
}

export function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'beat'
  );
}

/**
 * Reads a beats file: an array of {id?, name, query, languages?, regions?, requiresLegal?}, or of {name, keywords}
 * as crisis-dev.beats.json has them (keywords become an OR query). Returns a sentence on a wrong file.
 */
export function parseBeatsFile(value: unknown): { ok: true; beats: ReplayBeat[] } | { ok: false; error: string } {
  const parsed = beatsFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `expected an array of beats, each {name, query} (optionally id, languages, regions) or {name, keywords}${issue ? ` (${issue.path.join('.') || 'file'}: ${issue.message})` : ''}`,
    };
  }
  const seen = new Map<string, number>();
  const beats = parsed.data.map((entry): ReplayBeat => {
    const base = entry.id ?? slug(entry.name);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return {
      id: n === 1 ? base : `${base}-${n}`,
      name: entry.name,
      query: 'query' in entry ? entry.query : keywordsQuery(entry.keywords),
      languages: entry.languages ?? [],
      regions: entry.regions ?? [],
      requiresLegal: entry.requiresLegal ?? false,
    };
  });
  return { ok: true, beats };
}
