import { NEW_SOURCE_HEALTH, sourceIdSchema, type Principal, type Source } from '../domain/index.js';
import { authorize } from './policy.js';
import { checkOptionAddresses } from './source-address-check.js';
import type { SourceRules } from './source-commands.js';
import { opmlOutlines } from './opml-outlines.js';
import type { WorkflowContext } from './workflow-context.js';
import { WorkflowError } from './workflow-errors.js';

export interface ImportReport {
  added: Array<{ id: string; name: string; url: string }>;
  skipped: Array<{ title: string | null; url: string; reason: string }>;
}

const FEED_KIND = 'rss';
const MAX_ID = 63;

/**
 * Adds one rss source per outline with an xmlUrl (admin). Ids come from the titles; a feed that
 * is already a source, listed twice, refused by the rss connector or pointing at a private
 * address is skipped, with the reason, and the rest are still added.
 */
export async function importOpml(ctx: WorkflowContext, principal: Principal, opml: string, rules: SourceRules): Promise<ImportReport> {
  authorize(principal, 'sources.manage');
  const connector = rules.connectors.get(FEED_KIND);
  if (!connector) throw new WorkflowError('invalid_state', 'no rss connector is installed, so feeds cannot be imported', { state: 'no-connector' });
  let outlines;
  try {
    outlines = opmlOutlines(opml);
  } catch (error) {
    throw new WorkflowError('invalid', (error as Error).message, { fields: [{ field: 'opml', message: (error as Error).message }] });
  }

  const existing = await ctx.store.listSources();
  const ids = new Set(existing.map((s) => s.id));
  const byUrl = new Map(existing.flatMap((s) => (typeof s.options.url === 'string' ? [[sameFeed(s.options.url), s.id] as const] : [])));
  const report: ImportReport = { added: [], skipped: [] };

  for (const { title, xmlUrl } of outlines) {
    if (!xmlUrl) continue; // a folder, not a feed
    const skip = (reason: string) => report.skipped.push({ title, url: xmlUrl, reason });
    const known = byUrl.get(sameFeed(xmlUrl));
    if (known !== undefined) {
      skip(report.added.some((a) => a.id === known) ? 'listed twice in the file' : `already a source (${known})`);
      continue;
    }
    const options = { url: xmlUrl };
    const parsed = connector.optionsSchema.safeParse(options);
    if (!parsed.success) {
      skip(`the rss connector refuses it: ${parsed.error.issues[0]?.message ?? 'invalid options'}`);
      continue;
    }
    try {
      checkOptionAddresses(options, rules.allowPrivateAddresses);
    } catch (error) {
      skip(((error as WorkflowError).details?.fields as Array<{ message: string }> | undefined)?.[0]?.message ?? (error as Error).message);
      continue;
    }
    const name = (title ?? hostOf(xmlUrl)).slice(0, 200);
    const id = uniqueId(slug(title ?? hostOf(xmlUrl)), ids);
    const source: Source = {
      id,
      name,
      kind: FEED_KIND,
      channel: 'news',
      options,
      schedule: connector.defaultSchedule,
      enabled: true,
      cursor: null,
      health: { ...NEW_SOURCE_HEALTH },
      createdAt: ctx.clock().toISOString(),
    };
    await ctx.store.saveSource(source, principal.id);
    ids.add(id);
    byUrl.set(sameFeed(xmlUrl), id);
    report.added.push({ id, name, url: xmlUrl });
  }
  return report;
}

/** Two spellings of one feed address compare equal (case of the host, a default port, a fragment). */
function sameFeed(url: string): string {
  try {
    const parsed = new URL(url.trim());
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return url.trim();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return 'feed';
  }
}

/** `Le Monde — International` → `le-monde-international`. */
export function slug(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID - 4)
    .replace(/-+$/, '');
  return base || 'feed';
}

/** The slug, or the slug with -2, -3... when taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return sourceIdSchema.parse(id);
}
