import type { EventsPage, Item, PublicSource, SessionInfo, SignInResult, Story } from '../../server/realtime/protocol.js';

/** A failed call to the Tidewatch HTTP API, with the status and code when the server answered. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly code: string | null = null,
    /** The server's own words, without the path and status: what to show a member. */
    readonly serverMessage: string | null = null,
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

/** The session's CSRF token, from sign-in or GET /api/session; every write sends it. */
let csrfToken: string | null = null;
/** Called when the server says the session is gone (401), so the page can ask to sign in again. */
let onSignedOut: (() => void) | null = null;

export function useCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function whenSignedOut(handler: (() => void) | null): void {
  onSignedOut = handler;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** False for sign-in itself, whose 401 means a wrong password rather than an ended session. */
  reportSignedOut?: boolean;
}

/** The one way the board calls the API: JSON both ways, the CSRF token on writes, one error shape. */
async function request<T>(path: string, { method = 'GET', body, signal, reportSignedOut = true }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'same-origin',
      signal: signal ?? null,
    });
  } catch (error) {
    throw new ApiError(`Could not reach the server (${path}): ${(error as Error).message}`, null);
  }
  if (!response.ok) {
    let detail = '';
    let code: string | null = null;
    try {
      const answer = (await response.json()) as { error?: { message?: string; code?: string } | string; message?: string };
      detail = typeof answer.error === 'string' ? answer.error : (answer.error?.message ?? answer.message ?? '');
      code = typeof answer.error === 'object' ? (answer.error.code ?? null) : null;
    } catch {
      // Not JSON: the status says enough.
    }
    if (response.status === 401 && reportSignedOut) onSignedOut?.();
    throw new ApiError(`${path} answered ${response.status}${detail ? `: ${detail}` : ''}`, response.status, code, detail || null);
  }
  return (await response.json()) as T;
}

function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, signal ? { signal } : {});
}

/** Who is signed in, or null when nobody is (the server answered 401). */
export async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const session = await request<SessionInfo>('/api/session', { reportSignedOut: false });
    useCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(email: string, password: string): Promise<SignInResult> {
  const result = await request<SignInResult>('/api/session', { method: 'POST', body: { email, password }, reportSignedOut: false });
  useCsrfToken(result.csrfToken);
  return result;
}

export async function signOut(): Promise<void> {
  try {
    await request('/api/session', { method: 'DELETE', reportSignedOut: false });
  } finally {
    useCsrfToken(null);
  }
}

export function changePassword(currentPassword: string, newPassword: string): Promise<{ mustChangePassword: boolean }> {
  return request('/api/session/password', { method: 'POST', body: { currentPassword, newPassword } });
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
