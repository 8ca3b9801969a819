import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEvent, Draft, Opportunity, Post, Review, Role } from '../../server/domain/index.js';
import { createApp } from '../../server/http/app.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

type Presented<T> = T & { allowed: string[] };

const dir = tempDir();
let store: Store;
let app: ReturnType<typeof createApp>;
const as: Partial<Record<'editor' | 'editor2' | 'legal' | 'comms' | 'social', SessionHeaders>> = {};

async function api<T = Record<string, unknown>>(who: SessionHeaders | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await app.request(path, {
    method,
    headers: { ...(who ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text) as T };
}

beforeAll(async () => {
  store = await openLowdbStore({ dataDir: dir.path });
  app = createApp({ store, version: 'test', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => new Date() });
  const people: Array<[keyof typeof as, Role[]]> = [
    ['editor', ['editor']],
    ['editor2', ['editor']],
    ['legal', ['legal']],
    ['comms', ['comms']],
    ['social', ['social']],
  ];
  for (const [key, roles] of people) as[key] = (await signInAsNewMember(app, store, { email: `${key}@newsroom.example`, name: key, roles })).headers;
});

afterAll(async () => {
  await store.close();
  dir.remove();
});

async function pitch(title = 'Harbor bridge reopens'): Promise<Presented<Opportunity>> {
  const beat = await api<{ beat: { id: string } }>(as.editor!, 'POST', '/api/beats', { name: `Beat for ${title}`, query: '"harbor bridge"' });
  expect(beat.status).toBe(201);
  const pitched = await api<{ opportunity: Presented<Opportunity> }>(as.editor!, 'POST', '/api/opportunities', {
    title,
    url: 'https://news.example/harbor',
    beatId: beat.body.beat.id,
    channels: ['mastodon'],
    riskFlags: ['infrastructure'],
  });
  expect(pitched.status).toBe(201);
  return pitched.body.opportunity;
}

describe('the workflow over HTTP', () => {
  it('W-OPP-1: pitch → draft → parallel legal and comms approval → schedule, with the trail for legal', async () => {
    const opportunity = await pitch();
    expect(opportunity.state).toBe('new');
    expect(opportunity.allowed).toContain('claim');

    const claimed = await api<{ opportunity: Presented<Opportunity> }>(as.editor!, 'POST', `/api/opportunities/${opportunity.id}/claim`);
    expect(claimed.body.opportunity.state).toBe('claimed');

    const drafted = await api<{ draft: Presented<Draft> }>(as.editor!, 'POST', `/api/opportunities/${opportunity.id}/drafts`, {
      channel: 'mastodon',
      text: 'The harbor bridge is open again.',
    });
    expect(drafted.status).toBe(201);
    const draftId = drafted.body.draft.id;
    const revised = await api<{ draft: Presented<Draft> }>(as.editor!, 'POST', `/api/drafts/${draftId}/versions`, { text: 'The harbor bridge is open again: what it means for you.' });
    expect(revised.body.draft.versions.map((v) => v.version)).toEqual([1, 2]);
    const diff = await api<{ diff: unknown }>(as.editor!, 'GET', `/api/drafts/${draftId}/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(JSON.stringify(diff.body.diff)).toContain('what it means for you');

    const submitted = await api<{ reviews: Review[] }>(as.editor!, 'POST', `/api/drafts/${draftId}/submit`, {});
    expect(submitted.status).toBe(200);
    // Risk flags bring legal in beside comms; both review version 2, side by side.
    expect(submitted.body.reviews.map((r) => [r.role, r.version]).sort()).toEqual([
      ['comms', 2],
      ['legal', 2],
    ]);

    const legalInbox = await api<{ reviews: Review[] }>(as.legal!, 'GET', '/api/reviews?mine=true&state=pending');
    const legalReview = legalInbox.body.reviews.find((r) => r.draftId === draftId)!;
    const commsReview = submitted.body.reviews.find((r) => r.role === 'comms')!;
    expect(legalReview.role).toBe('legal');

    // Both decide at the same moment: both land.
    const [legalDecision, commsDecision] = await Promise.all([
      api(as.legal!, 'POST', `/api/reviews/${legalReview.id}/decision`, { decision: 'approve' }),
      api(as.comms!, 'POST', `/api/reviews/${commsReview.id}/decision`, { decision: 'approve' }),
    ]);
    expect([legalDecision.status, commsDecision.status]).toEqual([200, 200]);
    const afterReviews = await api<{ opportunity: Opportunity; drafts: Draft[] }>(as.social!, 'GET', `/api/opportunities/${opportunity.id}`);
    expect(afterReviews.body.opportunity.state).toBe('approved');
    expect(afterReviews.body.drafts[0]?.status).toBe('approved');

    const scheduled = await api<{ post: Post; opportunity: Opportunity }>(as.social!, 'POST', '/api/posts', { draftId, scheduledFor: 'now' });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.post).toMatchObject({ state: 'scheduled', version: 2, channel: 'mastodon' });
    expect(scheduled.body.opportunity.state).toBe('scheduled');

    const trail = await api<{ events: AnyEvent[] }>(as.legal!, 'GET', `/api/opportunities/${opportunity.id}/audit`);
    expect(trail.status).toBe(200);
    const actions = trail.body.events.map((e) => e.action);
    for (const action of ['opportunities.pitch', 'opportunities.claim', 'drafts.create', 'drafts.revise', 'drafts.submit', 'reviews.open', 'reviews.decide', 'posts.schedule']) {
      expect(actions).toContain(action);
    }
    const seqs = trail.body.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const csv = await app.request(`/api/opportunities/${opportunity.id}/audit?format=csv`, { headers: as.legal! });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).trimEnd().split('\n')).toHaveLength(trail.body.events.length + 1);
    const verified = await api<{ intact: boolean; checked: number }>(as.legal!, 'GET', '/api/audit/verify');
    expect(verified.body).toMatchObject({ intact: true });
    expect(verified.body.checked).toBe(await store.lastSeq());
  });

  it('answers invalid bodies with 400 naming the field, unknown ids with 404', async () => {
    const missingTitle = await api<{ error: { code: string; details: { fields: Array<{ field: string }> } } }>(as.editor!, 'POST', '/api/opportunities', { beatId: 'b', channels: ['mastodon'] });
    expect(missingTitle.status).toBe(400);
    expect(missingTitle.body.error.details.fields.map((f) => f.field)).toContain('title');
    const badChannel = await api<{ error: { details: { fields: Array<{ field: string }> } } }>(as.editor!, 'POST', '/api/opportunities', { title: 'x', beatId: 'b', channels: ['myspace'] });
    expect(badChannel.status).toBe(400);
    expect(badChannel.body.error.details.fields.map((f) => f.field)).toContain('channels.0');
    const notJson = await app.request('/api/opportunities', { method: 'POST', headers: { ...as.editor!, 'content-type': 'application/json' }, body: '{"title":' });
    expect(notJson.status).toBe(400);
    expect((await api(as.editor!, 'POST', '/api/opportunities/op_nope/claim')).status).toBe(404);
    expect((await api(as.legal!, 'POST', '/api/reviews/rv_nope/decision', { decision: 'approve' })).status).toBe(404);
    expect((await api(as.editor!, 'GET', '/api/drafts/dr_nope')).status).toBe(404);
  });

  it('W-OPP-3: a move the state does not allow is a 409 carrying the current state', async () => {
    const opportunity = await pitch('Already claimed');
    await api(as.editor!, 'POST', `/api/opportunities/${opportunity.id}/claim`);
    const again = await api<{ error: { code: string; details: { state: string; record: Opportunity } } }>(as.editor2!, 'POST', `/api/opportunities/${opportunity.id}/claim`);
    expect(again.status).toBe(409);
    expect(again.body.error.details.state).toBe('claimed');
    expect(again.body.error.details.record.holderId).not.toBeNull();
  });

  it('W-CONC-1: two editors claim at once: one wins, the other gets 409 with the fresh record', async () => {
    const opportunity = await pitch('Race to claim');
    const results = await Promise.all([as.editor!, as.editor2!].map((who) => api<{ error?: { details: Record<string, unknown> } }>(who, 'POST', `/api/opportunities/${opportunity.id}/claim`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    const fresh = (loser.body.error!.details.record ?? loser.body.error!.details.current) as Opportunity;
    expect(fresh).toMatchObject({ id: opportunity.id, state: 'claimed' });
    const stored = await store.getRecord('opportunity', opportunity.id);
    expect(fresh.holderId).toBe(stored?.holderId);
  });

  it('W-CONC-2: a change based on an old rev is a 409 with the record as it is now, and nothing is written', async () => {
    const opportunity = await pitch('Stale rev');
    // Somebody else's change moves the record on (the pitcher already watches it).
    const watched = await api<{ opportunity: Opportunity }>(as.legal!, 'POST', `/api/opportunities/${opportunity.id}/watch`);
    expect(watched.body.opportunity.rev).toBe(opportunity.rev + 1);
    const before = await store.lastSeq();
    const stale = await api<{ error: { code: string; details: Record<string, { rev: number }> } }>(as.editor2!, 'POST', `/api/opportunities/${opportunity.id}/dismiss`, {
      reason: 'not for us',
      rev: opportunity.rev,
    });
    expect(stale.status).toBe(409);
    const fresh = stale.body.error.details.current ?? stale.body.error.details.record;
    expect(fresh?.rev).toBeGreaterThan(opportunity.rev);
    expect(await store.lastSeq()).toBe(before);
    expect((await store.getRecord('opportunity', opportunity.id))?.state).toBe('new');
  });
});

describe('the OpenAPI document', () => {
  it('describes every route with its request schema and the one error shape', async () => {
    const response = await app.request('/api/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\.1/);
    const pitchOperation = doc.paths['/api/opportunities']?.post;
    expect(Object.keys(pitchOperation?.requestBody?.content['application/json']?.schema.properties ?? {})).toEqual(
      expect.arrayContaining(['title', 'beatId', 'channels', 'deadline']),
    );
    expect(Object.keys(pitchOperation?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409']));
    expect(doc.components.schemas).toHaveProperty('Error');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['session', 'token']);
    for (const path of ['/api/session', '/api/members', '/api/beats', '/api/drafts/{id}/submit', '/api/reviews/{id}/decision', '/api/posts', '/api/events', '/api/opportunities/{id}/audit']) {
      expect(doc.paths).toHaveProperty([path]);
    }
  });
});
