import { z } from 'zod';
import type { ConnectorItem } from '../connector.js';
import { renderPostText } from './post-text.js';
import { publishedAt } from './published-at.js';

export const POST_COLLECTION = 'app.bsky.feed.post';

/** The fields of an app.bsky.feed.post record we use. */
const postRecordSchema = z
  .object({
    $type: z.string().optional(),
    text: z.string().default(''),
    createdAt: z.string().optional(),
    langs: z.array(z.string()).optional(),
    facets: z.unknown().optional(),
    embed: z.unknown().optional(),
  })
  .loose();
export type PostRecord = z.infer<typeof postRecordSchema>;

/** An app.bsky.feed.defs#postView, as the AppView returns it in feeds, searches and threads. */
export const postViewSchema = z.object({
  uri: z.string().startsWith('at://'),
  author: z.object({ did: z.string(), handle: z.string().optional() }),
  record: z.unknown(),
  indexedAt: z.string().optional(),
  likeCount: z.number().optional(),
  repostCount: z.number().optional(),
  replyCount: z.number().optional(),
});
export type PostView = z.infer<typeof postViewSchema>;

/** A post from anywhere (AppView view, repo record, firehose event), reduced to what maps to an item. */
export interface PostSource {
  uri: string;
  did: string;
  /** null when only the DID is known (repo records, the firehose). */
  handle: string | null;
  record: unknown;
  /** When the network first saw it. */
  seenAt: string | null;
  engagement: ConnectorItem['engagement'];
}

export function sourceOfView(view: PostView): PostSource {
  return {
    uri: view.uri,
    did: view.author.did,
    handle: view.author.handle ?? null,
    record: view.record,
    seenAt: view.indexedAt ?? null,
    engagement: { likes: view.likeCount ?? 0, reposts: view.repostCount ?? 0, replies: view.replyCount ?? 0 },
  };
}

/** An item, or null for a record that is not a post or says nothing (an image without alt text). */
export function postToItem(source: PostSource, now: Date): ConnectorItem | null {
  const parsed = postRecordSchema.safeParse(source.record);
  if (!parsed.success) return null;
  const record = parsed.data;
  if (record.$type !== undefined && record.$type !== POST_COLLECTION) return null;
  const rendered = renderPostText(record.text, record.facets);
  const text = rendered.text || embedText(record.embed);
  if (!text) return null;
  // "handle.invalid" is what the AppView says when a handle no longer verifies: the DID still works.
  const handle = source.handle && source.handle !== 'handle.invalid' ? source.handle : null;
  const rkey = source.uri.split('/').pop() ?? '';
  return {
    externalId: source.uri,
    author: handle ?? source.did,
    title: null,
    text,
    html: rendered.html || null,
    url: `https://bsky.app/profile/${handle ?? source.did}/post/${rkey}`,
    publishedAt: publishedAt(record.createdAt, source.seenAt, now),
    language: record.langs?.[0] ?? null,
    engagement: source.engagement,
  };
}

/** What a post without text still says: the title of a shared link, or the alt text of its images. */
function embedText(embed: unknown): string {
  const parsed = embedSchema.safeParse(embed);
  if (!parsed.success) return '';
  const { external, images, media } = parsed.data;
  const parts = [external?.title, external?.description, ...(images ?? []).map((image) => image.alt), ...(media?.images ?? []).map((image) => image.alt)];
  return parts.filter((part): part is string => !!part && part.trim() !== '').join(' — ').replace(/\s+/g, ' ').trim();
}

const imagesSchema = z.array(z.object({ alt: z.string().optional() })).optional();
const embedSchema = z.object({
  external: z.object({ title: z.string().optional(), description: z.string().optional() }).optional(),
  images: imagesSchema,
  media: z.object({ images: imagesSchema }).optional(),
});
