import type { Allowed, PublicPublishingAccount, Beat, BoardPost, BoardReview, Channel, ChannelRules, Comment, Draft, EventsPage, Item, Member, Opportunity, PublicSource, SessionInfo, SignInResult, Story } from '../../server/realtime/protocol.js';
import type { Dashboard } from './dashboard-wire.js';

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
  opportunities: Array<Allowed<Opportunity>>;
  members: Member[];
  beats: Beat[];
}

export const SNAPSHOT_STORY_LIMIT = 100;
export const SNAPSHOT_ITEM_LIMIT = 200;
export const EVENTS_PAGE_LIMIT = 500;
export const SNAPSHOT_OPPORTUNITY_LIMIT = 1000;

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
  const [stories, items, sources, opportunities, members, beats] = await Promise.all([
    fetchStories(),
    fetchItems(),
    fetchSources(),
    getJson<{ opportunities: Array<Allowed<Opportunity>> }>(`/api/opportunities?limit=${SNAPSHOT_OPPORTUNITY_LIMIT}`),
    getJson<{ members: Member[] }>('/api/members'),
    getJson<{ beats: Beat[] }>('/api/beats'),
  ]);
  return {
    stories: stories.stories,
    items: items.items,
    sources: sources.sources,
    opportunities: opportunities.opportunities,
    members: members.members,
    beats: beats.beats,
  };
}

/* ---- The workflow: reads with the verbs the member may use, and the commands that move things. ---- */

export interface DiffPart {
  type: 'added' | 'removed' | 'same';
  text: string;
}

export interface DraftDiff {
  draftId: string;
  from: number;
  to: number;
  parts: DiffPart[];
}

/** What a reaction is still worth if it ships at `at` (from the detector's own weighting). */
export interface ValuePoint {
  label: string;
  at: string;
  value: number;
}

export interface ChannelWindow {
  channel: Channel;
  opensAt: string;
  closesAt: string;
}

/** GET /api/opportunities/{id}: everything the story and draft views show about one opportunity. */
export interface OpportunityFile {
  opportunity: Allowed<Opportunity>;
  drafts: Array<Allowed<Draft>>;
  reviews: BoardReview[];
  posts: BoardPost[];
  comments: Array<Allowed<Comment>>;
  windows?: ChannelWindow[];
  valueCurve?: ValuePoint[];
}

export interface LinkPreview {
  url: string;
  title: string | null;
  description: string | null;
  siteName: string | null;
}

export interface SuggestedTime {
  at: string;
  channel: Channel;
  reason: string;
}

const path = (template: string, id: string) => template.replace('{id}', encodeURIComponent(id));

export const fetchOpportunityFile = (id: string) => getJson<OpportunityFile>(path('/api/opportunities/{id}', id));

/** The named opportunities again, with the verbs the member may use on each now. */
export const fetchOpportunitiesById = (ids: readonly string[]) =>
  getJson<{ opportunities: Array<Allowed<Opportunity>> }>(`/api/opportunities?ids=${ids.map(encodeURIComponent).join(',')}&limit=${Math.max(1, ids.length)}`);

export const fetchStory = (id: string) => getJson<{ story: Story; items: Item[] }>(path('/api/stories/{id}', id));

export const claimOpportunity = (id: string, rev?: number) =>
  request<{ opportunity: Allowed<Opportunity> }>(path('/api/opportunities/{id}/claim', id), { method: 'POST', body: rev === undefined ? {} : { rev } });

export const dismissOpportunity = (id: string, reason: string, rev?: number) =>
  request<{ opportunity: Allowed<Opportunity> }>(path('/api/opportunities/{id}/dismiss', id), { method: 'POST', body: rev === undefined ? { reason } : { reason, rev } });

export const assignOpportunity = (id: string, memberId: string, rev?: number) =>
  request<{ opportunity: Allowed<Opportunity> }>(path('/api/opportunities/{id}/assign', id), { method: 'POST', body: rev === undefined ? { memberId } : { memberId, rev } });

export const watchOpportunity = (id: string, watch: boolean) =>
  request<{ opportunity: Allowed<Opportunity> }>(path(`/api/opportunities/{id}/${watch ? 'watch' : 'unwatch'}`, id), { method: 'POST', body: {} });

export const createDraft = (opportunityId: string, channel: Channel, text: string) =>
  request<{ draft: Allowed<Draft> }>(path('/api/opportunities/{id}/drafts', opportunityId), { method: 'POST', body: { channel, text } });

export const fetchDraft = (id: string) => getJson<{ draft: Allowed<Draft> }>(path('/api/drafts/{id}', id));

export const reviseDraft = (id: string, text: string, rev?: number) =>
  request<{ draft: Allowed<Draft> }>(path('/api/drafts/{id}/versions', id), { method: 'POST', body: rev === undefined ? { text } : { text, rev } });

export const submitDraft = (id: string, version?: number) =>
  request<{ draft: Allowed<Draft> }>(path('/api/drafts/{id}/submit', id), { method: 'POST', body: version === undefined ? {} : { version } });

export const fetchDraftDiff = (id: string, from?: number, to?: number) => {
  const query = new URLSearchParams();
  if (from !== undefined) query.set('from', String(from));
  if (to !== undefined) query.set('to', String(to));
  return getJson<{ diff: DraftDiff }>(`${path('/api/drafts/{id}/diff', id)}?${query}`);
};

export const fetchReviews = (query: { state?: string; role?: string; mine?: boolean } = {}) => {
  const params = new URLSearchParams();
  if (query.state) params.set('state', query.state);
  if (query.role) params.set('role', query.role);
  if (query.mine !== undefined) params.set('mine', String(query.mine));
  return getJson<{ reviews: BoardReview[] }>(`/api/reviews?${params}`);
};

export const decideReview = (id: string, decision: 'approve' | 'request_changes' | 'reject', comment?: string, rev?: number) =>
  request<{ review: BoardReview }>(path('/api/reviews/{id}/decision', id), {
    method: 'POST',
    body: { decision, ...(comment ? { comment } : {}), ...(rev === undefined ? {} : { rev }) },
  });

export const fetchPosts = (query: { state?: string; opportunityId?: string; channel?: string } = {}) => {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return getJson<{ posts: BoardPost[] }>(`/api/posts?${params}`);
};

/** `accountId` undefined lets the server pick the channel's only account; null posts it by hand. */
export const schedulePost = (draftId: string, scheduledFor: string | 'now', options: { overrideReason?: string; accountId?: string | null } = {}) =>
  request<{ post: BoardPost }>('/api/posts', {
    method: 'POST',
    body: { draftId, scheduledFor, ...(options.overrideReason ? { overrideReason: options.overrideReason } : {}), ...(options.accountId !== undefined ? { accountId: options.accountId } : {}) },
  });

/** The team's publishing accounts, without their credentials. */
export const fetchAccounts = () => getJson<{ accounts: Array<Allowed<PublicPublishingAccount>> }>('/api/accounts');

export const cancelPost = (id: string, reason?: string) =>
  request<{ post: BoardPost }>(path('/api/posts/{id}/cancel', id), { method: 'POST', body: reason ? { reason } : {} });

export const fetchSuggestedTimes = (draftId: string) => getJson<{ suggestions: SuggestedTime[] }>(path('/api/drafts/{id}/suggested-times', draftId));

export const fetchLinkPreview = (url: string, signal?: AbortSignal) => getJson<LinkPreview>(`/api/link-preview?url=${encodeURIComponent(url)}`, signal);

export const fetchComments = (opportunityId: string) => getJson<{ comments: Array<Allowed<Comment>> }>(path('/api/opportunities/{id}/comments', opportunityId));

export const addComment = (opportunityId: string, text: string) =>
  request<{ comment: Allowed<Comment> }>(path('/api/opportunities/{id}/comments', opportunityId), { method: 'POST', body: { text } });

/** Each channel's length and link rules and window hours: the board's counter counts as the server checks. */
export const fetchChannels = () => getJson<ChannelRules>('/api/channels');

/** GET /api/drafts/{id}: the draft with every version, its reviews and its posts, each with `allowed`. */
export const fetchDraftFile = (id: string) =>
  getJson<{ draft: Allowed<Draft>; opportunity: Allowed<Opportunity>; reviews: BoardReview[]; posts: BoardPost[] }>(path('/api/drafts/{id}', id));

/** POST /api/posts/{id}/record (W-PUB-7): where a post made by hand can be seen; it is published. */
export const recordPost = (id: string, url: string, rev?: number) =>
  request<{ post: BoardPost; opportunity: Allowed<Opportunity> }>(path('/api/posts/{id}/record', id), { method: 'POST', body: { url, ...(rev === undefined ? {} : { rev }) } });

/** POST /api/posts/{id}/confirm (W-PUB-8): whether a post whose send was cut off arrived, and where. */
export const confirmPost = (id: string, arrived: boolean, url?: string, rev?: number) =>
  request<{ post: BoardPost; opportunity: Allowed<Opportunity> }>(path('/api/posts/{id}/confirm', id), {
    method: 'POST',
    body: { arrived, ...(url ? { url } : {}), ...(rev === undefined ? {} : { rev }) },
  });

/* ---- The dashboard: the newsroom's figures for a period, as charts and CSV. ---- */

/** GET /api/dashboard?from=…&to=…&beatId=…&channel=…: every chart's figures for the period. */
export const fetchDashboard = (query: string, signal?: AbortSignal) => getJson<Dashboard>(`/api/dashboard?${query}`, signal);
