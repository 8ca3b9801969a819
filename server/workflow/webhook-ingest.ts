import { z } from 'zod';
import { canonicalUrl } from '../../connectors/http/canonical-url.js';
import type { ConnectorItem } from '../../connectors/index.js';
import type { Item } from '../domain/index.js';
import { toItem } from './item-intake.js';
import { healthAfterSuccess } from './source-health.js';
import { WEBHOOK_KIND, webhookTokenMatches } from './webhook-source.js';
import type { WorkflowContext } from './workflow-context.js';
import { WorkflowError } from './workflow-errors.js';

/** More items than this in one push: send them in several. */
export const MAX_PUSHED_ITEMS = 500;

const pushedItemSchema = z.object({
  externalId: z.string().trim().min(1, 'give each item its own id on your side (stable across pushes)').max(500),
  title: z.string().max(1_000).nullish(),
  text: z.string().max(100_000),
  url: z.string().url('must be an absolute URL').max(4_000).nullish(),
  author: z.string().max(500).nullish(),
  publishedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time, e.g. 2026-11-01T08:00:00Z' }).nullish(),
  language: z.string().max(35).nullish(),
  engagement: z
    .object({
      likes: z.number().nonnegative().optional(),
      reposts: z.number().nonnegative().optional(),
      replies: z.number().nonnegative().optional(),
      score: z.number().optional(),
      views: z.number().nonnegative().optional(),
    })
    .optional(),
});
export type PushedItem = z.infer<typeof pushedItemSchema>;

const batchSchema = z.object({ items: z.array(pushedItemSchema).min(1, 'send at least one item').max(MAX_PUSHED_ITEMS, `send at most ${MAX_PUSHED_ITEMS} items per request`) });

export interface PushResult {
  received: number;
  /** How many were new; the rest were already stored (pushed before). */
  inserted: number;
  duplicates: number;
}

/** Where a pushed source is found and its token checked: the 404 and 401 of the ingest route. */
export async function webhookSourceFor(ctx: WorkflowContext, sourceId: string, bearer: string | null) {
  const source = await ctx.store.getSource(sourceId);
  if (!source || source.kind !== WEBHOOK_KIND) {
    throw new WorkflowError('not_found', `no webhook source ${sourceId}; an admin adds one with kind "webhook" (POST /api/sources), which gives its token`);
  }
  if (bearer === null || !webhookTokenMatches(source, bearer)) {
    throw new WorkflowError('unauthenticated', `send this source's token as Authorization: Bearer <token>; the token was shown once, when the source was added`);
  }
  return source;
}

/**
 * Takes items pushed to a webhook source (one item, or `{ items: [...] }`) through the same path
 * as polled ones: the store, under ids from the source and each item's externalId (so a second
 * push of the same item is no new item), then `onItems`, which feeds the detector.
 */
export async function ingestPushedItems(
  ctx: WorkflowContext,
  sourceId: string,
  bearer: string | null,
  body: unknown,
  onItems: (items: Item[]) => void,
): Promise<PushResult> {
  const source = await webhookSourceFor(ctx, sourceId, bearer);
  if (!source.enabled) throw new WorkflowError('invalid_state', `the source ${sourceId} is paused; an admin resumes it (POST /api/sources/${sourceId}/resume)`, { state: 'paused' });
  const pushed = parsePushed(body);
  const startedAt = ctx.clock();
  const items = pushed.map((item) => toItem(source, toConnectorItem(item), startedAt));
  const { inserted } = await ctx.store.addItems(source.id, items, `source:${source.id}`);
  const latest = (await ctx.store.getSource(source.id)) ?? source;
  const health = healthAfterSuccess(latest, { startedAt, endedAt: ctx.clock(), nextPollAt: null, inserted: inserted.length, warnings: [] });
  await ctx.store.saveSource({ ...latest, health }, `source:${source.id}`);
  if (inserted.length > 0) onItems(inserted);
  return { received: items.length, inserted: inserted.length, duplicates: items.length - inserted.length };
}

function parsePushed(body: unknown): PushedItem[] {
  const isBatch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'items' in body;
  const parsed = isBatch ? batchSchema.safeParse(body) : pushedItemSchema.safeParse(body);
  if (parsed.success) return 'items' in parsed.data ? parsed.data.items : [parsed.data as PushedItem];
  const fields = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', message: issue.message }));
  const shape = isBatch ? '' : ' (send one item, or { "items": [...] })';
  throw new WorkflowError('invalid', `invalid item${shape}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, { fields });
}

function toConnectorItem(item: PushedItem): ConnectorItem {
  return {
    externalId: item.externalId,
    title: item.title ?? null,
    text: item.text,
    // Pushed text is plain text: the board never renders HTML it did not sanitize.
    html: null,
    url: canonicalUrl(item.url ?? null),
    author: item.author ?? null,
    publishedAt: item.publishedAt ?? null,
    language: item.language ?? null,
    engagement: item.engagement ?? {},
  };
}
