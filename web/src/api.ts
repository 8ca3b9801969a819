import type { EventsPage, Item, PublicSource, Story } from '../../server/realtime/protocol.js';

/** A failed call to the Tidewatch HTTP API, with the status when the server answered. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export interface Snapshot {
  stories: Story[];
  items: Item[];
  sources: PublicSource[];
}

export const SNAPSHOT_STORY_LIMIT = 100;
export const SNAPSHOT_ITEM_LIMIT = 200;
export const EVENTS_PAGE_LIMIT = 500;

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (error) {
    throw new ApiError(`Could not reach the server (${path}): ${(error as Error).message}`, null);
  }
  if (!response.ok) {
    let detail = '';
    try {
      const body = (await response.json()) as { error?: { message?: string } | string; message?: string };
      detail = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message ?? '');
    } catch {
      // Not JSON: the status says enough.
    }
    throw new ApiError(`${path} answered ${response.status}${detail ? `: ${detail}` : ''}`, response.status);
  }
  return (await response.json()) as T;
}

export function fetchStories(limit = SNAPSHOT_STORY_LIMIT): Promise<{ stories: Story[] }> {
  return getJson(`/api/stories?limit=${limit}`);
}

export function fetchItems(limit = SNAPSHOT_ITEM_LIMIT): Promise<{ items: Item[] }> {
  return getJson(`/api/items?limit=${limit}`);
}

export function fetchSources(): Promise<{ sources: PublicSource[] }> {
  return getJson('/api/sources');
}

export function fetchEvents(since: number, limit = EVENTS_PAGE_LIMIT): Promise<EventsPage> {
  return getJson(`/api/events?since=${since}&limit=${limit}`);
}

/** The board's current state, fetched in parallel. */
export async function fetchSnapshot(): Promise<Snapshot> {
  const [stories, items, sources] = await Promise.all([fetchStories(), fetchItems(), fetchSources()]);
  return { stories: stories.stories, items: items.items, sources: sources.sources };
}
