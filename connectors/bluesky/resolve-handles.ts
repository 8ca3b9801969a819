import { z } from 'zod';
import { checkResponse } from '../connector-errors.js';
import type { SafeFetch } from '../http/safe-fetch.js';

const profilesSchema = z.object({ profiles: z.array(z.object({ did: z.string(), handle: z.string() })) });

/** getProfiles takes at most 25 actors per request. */
const BATCH = 25;

/**
 * The handles of the given DIDs, from the AppView. The firehose names authors by DID only; a
 * DID the AppView does not know (or a failed request) is simply left out: the DID still works
 * as an author name and in bsky.app addresses.
 */
export async function resolveHandles(dids: readonly string[], service: string, fetch: SafeFetch, now: Date, signal?: AbortSignal): Promise<Map<string, string>> {
  const handles = new Map<string, string>();
  const unique = [...new Set(dids)];
  for (let start = 0; start < unique.length; start += BATCH) {
    const url = new URL('/xrpc/app.bsky.actor.getProfiles', service);
    for (const did of unique.slice(start, start + BATCH)) url.searchParams.append('actors', did);
    const response = await fetch({ url: url.toString(), headers: { accept: 'application/json' }, signal });
    checkResponse(response, now, 'the Bluesky AppView');
    const parsed = profilesSchema.safeParse(JSON.parse(response.body.toString('utf8')));
    if (!parsed.success) continue;
    for (const profile of parsed.data.profiles) {
      if (profile.handle !== 'handle.invalid') handles.set(profile.did, profile.handle);
    }
  }
  return handles;
}
