import { z } from 'zod';
import type { Connector, ConnectorItem, PollContext, PollResult, RawDocument, ReadResult } from '../connector.js';
import { checkResponse, HttpStatusError, UnreadableDocumentError } from '../connector-errors.js';
import { looksLikeMastodon, readMastodonDocument } from './mastodon-document.js';
import { mastodonOptionsSchema, type MastodonOptions } from './mastodon-options.js';
import { compareIds, newerPageUrl, newestId } from './mastodon-paging.js';

/** What a poll hands the next one: the newest entry seen, and the account id a handle resolved to. */
const cursorSchema = z.object({
  newestId: z.string().nullable(),
  account: z.string().optional(),
  accountId: z.string().optional(),
});
type MastodonCursor = z.infer<typeof cursorSchema>;

const ACCEPT_JSON = { accept: 'application/json' };

/** Hashtag, public and account timelines of any Mastodon-compatible instance. */
export const mastodonConnector: Connector<MastodonOptions> = {
  kind: 'mastodon',
  channel: 'mastodon',
  optionsSchema: mastodonOptionsSchema,
  defaultSchedule: '*/2 * * * *',

  async read(document: RawDocument): Promise<ReadResult> {
    const { items, warnings } = readMastodonDocument(document);
    return { items, warnings };
  },

  recognizes(document: RawDocument): boolean {
    return looksLikeMastodon(document);
  },

  async poll(ctx: PollContext<MastodonOptions>): Promise<PollResult> {
    const { options, fetch, signal, now } = ctx;
    const previous = parseCursor(ctx.cursor);
    const origin = new URL(options.instance).origin;
    const accountId = options.timeline === 'account' ? await resolveAccount(ctx, origin, previous) : undefined;

    const first = timelineUrl(options, origin, accountId);
    if (previous.newestId) first.searchParams.set('min_id', previous.newestId);
    // A first poll takes one page: the recent past is context, not news to catch up on.
    const pageBudget = previous.newestId ? options.maxPages : 1;

    const items: ConnectorItem[] = [];
    const warnings: string[] = [];
    const seen = new Set<string>();
    let newest = previous.newestId;
    let next: string | null = first.toString();
    let pages = 0;
    while (next && pages < pageBudget) {
      const response = await fetch({ url: next, headers: ACCEPT_JSON, signal });
      checkResponse(response, now, 'the Mastodon instance');
      const page = readMastodonDocument({ body: response.body, contentType: response.headers['content-type'] ?? null, url: response.url });
      pages++;
      warnings.push(...page.warnings);
      for (const item of page.items) {
        if (seen.has(item.externalId)) continue;
        seen.add(item.externalId);
        items.push(item);
      }
      const pageNewest = newestId(page.entryIds);
      if (pageNewest === null || (newest !== null && compareIds(pageNewest, newest) <= 0)) break;
      newest = pageNewest;
      // With min_id the server walks forward from the cursor: a short page means we caught up.
      if (!previous.newestId || page.entryIds.length < options.limit) break;
      next = newerPageUrl(response.headers['link'], origin) ?? withMinId(first, pageNewest);
      if (pages === pageBudget) warnings.push(`more than ${pageBudget} pages of new statuses; the rest will come with the next poll`);
    }

    const cursor: MastodonCursor =
      options.timeline === 'account' && accountId ? { newestId: newest, account: options.account, accountId } : { newestId: newest };
    return { items, cursor, warnings: [...new Set(warnings)] };
  },
};

function parseCursor(raw: unknown): MastodonCursor {
  const parsed = cursorSchema.safeParse(raw);
  return parsed.success ? parsed.data : { newestId: null };
}

function timelineUrl(options: MastodonOptions, origin: string, accountId: string | undefined): URL {
  let url: URL;
  switch (options.timeline) {
    case 'hashtag':
      url = new URL(`/api/v1/timelines/tag/${encodeURIComponent(options.hashtag)}`, origin);
      url.searchParams.set('local', String(options.local));
      break;
    case 'public':
      url = new URL('/api/v1/timelines/public', origin);
      url.searchParams.set('local', String(options.local));
      break;
    case 'account':
      url = new URL(`/api/v1/accounts/${encodeURIComponent(accountId ?? '')}/statuses`, origin);
      break;
  }
  url.searchParams.set('limit', String(options.limit));
  return url;
}

function withMinId(base: URL, minId: string): string {
  const url = new URL(base);
  url.searchParams.set('min_id', minId);
  return url.toString();
}

/** An account id, from the option itself, the previous cursor, or the instance's lookup of a handle. */
async function resolveAccount(ctx: PollContext<MastodonOptions>, origin: string, previous: MastodonCursor): Promise<string> {
  const { options, fetch, signal, now } = ctx;
  if (options.timeline !== 'account') throw new Error('not an account source');
  if (/^\d+$/.test(options.account)) return options.account;
  if (previous.accountId && previous.account === options.account) return previous.accountId;
  const acct = options.account.replace(/^@/, '');
  const url = new URL('/api/v1/accounts/lookup', origin);
  url.searchParams.set('acct', acct);
  const response = await fetch({ url: url.toString(), headers: ACCEPT_JSON, signal });
  if (response.status === 404) throw new HttpStatusError(404, response.url, `the instance knows no account @${acct}; check the handle`);
  checkResponse(response, now, 'the Mastodon instance');
  let body: unknown;
  try {
    body = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new UnreadableDocumentError('the account lookup did not answer with JSON');
  }
  const id = (body as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id === '') throw new UnreadableDocumentError(`the account lookup for @${acct} gave no account id`);
  return id;
}
