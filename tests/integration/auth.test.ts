import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import { openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { sessionIdFor } from '../../server/workflow/secret-tokens.js';
import { addTestMember, sessionCookieOf, signIn, TEST_PASSWORD, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('members, sign-in and sessions over HTTP', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let now: Date;
  /** Every answer's body, so the last test of each scenario can check that none leaks a secret. */
  let answers: string[];

  beforeEach(async () => {
    dir = tempDir();
    store = await openLowdbStore({ dataDir: dir.path });
    now = new Date('2026-11-02T09:00:00.000Z');
    answers = [];
    app = createApp({ store, version: 't', startedAt: Date.now(), webRoot: null, log: () => undefined, clock: () => now });
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  async function call(path: string, init: RequestInit = {}) {
    const response = await app.request(path, init);
    const text = await response.text();
    answers.push(text);
    return { status: response.status, body: text ? JSON.parse(text) : null, response };
  }

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call(path, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) });

  const attemptSignIn = (email: string, password: string, headers: Record<string, string> = {}) => post('/api/session', { email, password }, headers);

  async function admin(): Promise<SessionHeaders> {
    await addTestMember(store, { email: 'admin@newsroom.example', name: 'Ada Admin', roles: ['admin'] });
    return signIn(app, 'admin@newsroom.example');
  }

  describe('signing in', () => {
    it('signs in with the right password and sets an HttpOnly, SameSite=Lax session cookie for seven days', async () => {
      const member = await addTestMember(store, { email: 'Eda@Newsroom.example' });
      const { status, body, response } = await attemptSignIn('eda@newsroom.EXAMPLE', TEST_PASSWORD);
      expect(status).toBe(200);
      expect(body.member.id).toBe(member.id);
      expect(body.mustChangePassword).toBe(false);
      expect(body.csrfToken).toMatch(/^[0-9a-f]{64}$/);
      const cookie = response.headers.getSetCookie().find((line) => line.startsWith('tw_session='))!;
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; Max-Age=604800/);
      expect(cookie).not.toMatch(/; Secure/);
    });

    it('marks the cookie Secure when the board is reached over https', async () => {
      await addTestMember(store);
      const response = await app.request('https://board.newsroom.example/api/session', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ email: 'editor@newsroom.example', password: TEST_PASSWORD }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('set-cookie')).toMatch(/; Secure/);
    });

    it('gives the same answer for a wrong password and an unknown email', async () => {
      await addTestMember(store);
      const wrongPassword = await attemptSignIn('editor@newsroom.example', 'not-the-password-at-all');
      const unknownEmail = await attemptSignIn('nobody@newsroom.example', TEST_PASSWORD);
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      expect(unknownEmail.body).toEqual(wrongPassword.body);
      expect(wrongPassword.body.error.message).toMatch(/email or the password is not right/);
      expect(wrongPassword.response.headers.get('set-cookie')).toBeNull();
    });

    it('refuses with 429 and Retry-After after five failures for one email, even the right password', async () => {
      await addTestMember(store);
      await addTestMember(store, { email: 'other@newsroom.example' });
      for (let attempt = 1; attempt <= 5; attempt++) {
        expect((await attemptSignIn('editor@newsroom.example', `wrong password ${attempt}`)).status).toBe(401);
      }
      const refused = await attemptSignIn('editor@newsroom.example', TEST_PASSWORD);
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('too_many_attempts');
      expect(refused.body.error.message).toMatch(/try again in 15 minutes/i);
      const retryAfter = Number(refused.response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);
      // Another member's email from the same address is not locked out by someone guessing this one.
      expect((await attemptSignIn('other@newsroom.example', TEST_PASSWORD)).status).toBe(200);
    });

    it('clears the count of failures once the member signs in', async () => {
      await addTestMember(store);
      for (let round = 0; round < 2; round++) {
        for (let attempt = 1; attempt <= 4; attempt++) expect((await attemptSignIn('editor@newsroom.example', 'wrong password!')).status).toBe(401);
        expect((await attemptSignIn('editor@newsroom.example', TEST_PASSWORD)).status).toBe(200);
      }
    });

    it('issues a fresh token at every sign-in and ignores the cookie a browser brings (no session fixation)', async () => {
      await addTestMember(store);
      const planted = 'tw_session=token-chosen-by-an-attacker';
      const { status, response } = await attemptSignIn('editor@newsroom.example', TEST_PASSWORD, { cookie: planted });
      expect(status).toBe(200);
      const issued = sessionCookieOf(response)!;
      expect(issued).not.toBe(planted);
      expect((await call('/api/session', { headers: { cookie: planted } })).status).toBe(401);
      expect((await call('/api/session', { headers: { cookie: issued } })).status).toBe(200);

      // Signing in again over a valid session replaces it rather than keeping it.
      const again = await attemptSignIn('editor@newsroom.example', TEST_PASSWORD, { cookie: issued });
      const second = sessionCookieOf(again.response)!;
      expect(second).not.toBe(issued);
      expect((await call('/api/session', { headers: { cookie: issued } })).status).toBe(401);
      expect((await call('/api/session', { headers: { cookie: second } })).status).toBe(200);
    });

    it('ends a session after seven days', async () => {
      await addTestMember(store);
      const headers = await signIn(app, 'editor@newsroom.example');
      now = new Date(now.getTime() + 7 * 24 * 3600 * 1000 - 60_000);
      expect((await call('/api/session', { headers })).status).toBe(200);
      now = new Date(now.getTime() + 120_000);
      expect((await call('/api/session', { headers })).status).toBe(401);
    });
  });

  describe('the guard', () => {
    it('answers 401 on every API route without a principal, but serves /health and the API description', async () => {
      for (const path of ['/api/items', '/api/stories', '/api/events?since=0', '/api/members', '/api/session', '/api/tokens']) {
        const { status, body } = await call(path);
        expect(status, path).toBe(401);
        expect(body.error.code).toBe('unauthenticated');
        expect(body.error.message).toMatch(/sign in/);
      }
      expect((await call('/health')).status).toBe(200);
      expect((await call('/api/openapi.json')).status).toBe(200);
    });

    it('tells the signed-in principal who they are and what they may do, with the CSRF token', async () => {
      const member = await addTestMember(store, { roles: ['legal'] });
      const headers = await signIn(app, member.email);
      const { status, body } = await call('/api/session', { headers: { cookie: headers.cookie } });
      expect(status).toBe(200);
      expect(body).toMatchObject({ principal: { kind: 'member', id: member.id, roles: ['legal'] }, member: { email: member.email }, roles: ['legal'], csrfToken: headers['x-csrf-token'], mustChangePassword: false });
      expect(body.allowed).toContain('reviews.decide');
      expect(body.allowed).not.toContain('members.manage');
    });
  });

  describe('CSRF', () => {
    it('refuses a cookie-authenticated write without the token or with a wrong one, and allows it with the token', async () => {
      const headers = await admin();
      const newMember = { email: 'new@newsroom.example', name: 'New Person', roles: ['social'] };

      const without = await post('/api/members', newMember, { cookie: headers.cookie });
      expect(without.status).toBe(403);
      expect(without.body.error.code).toBe('csrf');
      expect(without.body.error.message).toMatch(/X-CSRF-Token.*GET \/api\/session/);

      const wrong = await post('/api/members', newMember, { cookie: headers.cookie, 'x-csrf-token': 'f'.repeat(64) });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.code).toBe('csrf');
      expect((await call('/api/members', { headers })).body.members).toHaveLength(1);

      const withToken = await post('/api/members', newMember, headers);
      expect(withToken.status).toBe(201);
    });

    it("refuses a write whose Origin is another site, even with the token; the board's own origin passes", async () => {
      const headers = await admin();
      const body = { email: 'new@newsroom.example', name: 'New Person', roles: ['social'] };
      const crossSite = await post('/api/members', body, { ...headers, origin: 'https://evil.example' });
      expect(crossSite.status).toBe(403);
      expect(crossSite.body.error.code).toBe('csrf');
      expect((await post('/api/members', body, { ...headers, origin: 'http://localhost' })).status).toBe(201);
    });

    it('lets bearer-token writes through without a CSRF token, and refuses a revoked token', async () => {
      const headers = await admin();
      const made = await post('/api/tokens', { name: 'Publishing bot', roles: ['admin'] }, headers);
      expect(made.status).toBe(201);
      expect(made.body.secret).toMatch(/^tw_tok_[\w-]+_[\w-]{43}$/);
      const bearer = { authorization: `Bearer ${made.body.secret}` };

      const added = await post('/api/members', { email: 'bot-made@newsroom.example', name: 'Bot Made', roles: ['comms'] }, bearer);
      expect(added.status).toBe(201);
      expect((await call('/api/events?since=0', { headers: bearer })).body.events.at(-1).actor).toBe(`token:${made.body.token.id}`);

      const revoked = await call(`/api/tokens/${made.body.token.id}`, { method: 'DELETE', headers });
      expect(revoked.status).toBe(200);
      expect(revoked.body.token.revokedAt).not.toBeNull();
      const after = await call('/api/items', { headers: bearer });
      expect(after.status).toBe(401);
      // A bad bearer token is judged alone, never rescued by a cookie sent along.
      expect((await call('/api/items', { headers: { ...bearer, cookie: headers.cookie } })).status).toBe(401);
    });
  });

  describe('sessions', () => {
    it('signs out this browser only', async () => {
      await addTestMember(store);
      const laptop = await signIn(app, 'editor@newsroom.example');
      const phone = await signIn(app, 'editor@newsroom.example');
      const out = await call('/api/session', { method: 'DELETE', headers: laptop });
      expect(out.status).toBe(200);
      expect(out.response.headers.get('set-cookie')).toMatch(/tw_session=;.*Max-Age=0/);
      expect((await call('/api/session', { headers: laptop })).status).toBe(401);
      expect((await call('/api/session', { headers: phone })).status).toBe(200);
    });

    it('signs out everywhere: every session of the member ends, other members stay in', async () => {
      await addTestMember(store);
      await addTestMember(store, { email: 'someone-else@newsroom.example' });
      const laptop = await signIn(app, 'editor@newsroom.example');
      const phone = await signIn(app, 'editor@newsroom.example');
      const other = await signIn(app, 'someone-else@newsroom.example');
      const { status, body } = await post('/api/session/revoke-all', {}, laptop);
      expect(status).toBe(200);
      expect(body.revoked).toBe(2);
      expect((await call('/api/session', { headers: phone })).status).toBe(401);
      expect((await call('/api/session', { headers: laptop })).status).toBe(401);
      expect((await call('/api/session', { headers: other })).status).toBe(200);
    });

    it('ends the sessions of a member who is disabled, and refuses their sign-in', async () => {
      const adminHeaders = await admin();
      const member = await addTestMember(store);
      const theirs = await signIn(app, member.email);
      const disabled = await call(`/api/members/${member.id}`, { method: 'PATCH', headers: { ...adminHeaders, ...JSON_HEADERS }, body: JSON.stringify({ disabled: true }) });
      expect(disabled.status).toBe(200);
      expect(disabled.body.member.disabled).toBe(true);
      expect((await call('/api/session', { headers: theirs })).status).toBe(401);
      const refused = await attemptSignIn(member.email, TEST_PASSWORD);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/disabled.*ask an admin/i);
    });
  });

  describe('one-time passwords', () => {
    it('makes a member with a one-time password choose their own before anything else', async () => {
      const adminHeaders = await admin();
      const added = await post('/api/members', { email: 'fresh@newsroom.example', name: 'Fresh Face', roles: ['editor'] }, adminHeaders);
      expect(added.status).toBe(201);
      const oneTime: string = added.body.oneTimePassword;
      expect(oneTime.length).toBeGreaterThanOrEqual(12);

      const signedIn = await attemptSignIn('fresh@newsroom.example', oneTime);
      expect(signedIn.body.mustChangePassword).toBe(true);
      const headers = { cookie: sessionCookieOf(signedIn.response)!, 'x-csrf-token': signedIn.body.csrfToken as string };

      const blocked = await call('/api/items', { headers });
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.code).toBe('password_change_required');
      expect(blocked.body.error.message).toMatch(/POST \/api\/session\/password/);
      expect((await call('/api/session', { headers })).body.mustChangePassword).toBe(true);

      const wrongCurrent = await post('/api/session/password', { currentPassword: 'not the one-time one', newPassword: 'a brand new passphrase' }, headers);
      expect(wrongCurrent.status).toBe(400);
      expect(wrongCurrent.body.error.details.fields[0].field).toBe('currentPassword');
      const tooShort = await post('/api/session/password', { currentPassword: oneTime, newPassword: 'short' }, headers);
      expect(tooShort.status).toBe(400);
      expect(tooShort.body.error.message).toMatch(/newPassword.*at least 12 characters/);

      const changed = await post('/api/session/password', { currentPassword: oneTime, newPassword: 'a brand new passphrase' }, headers);
      expect(changed.status).toBe(200);
      expect((await call('/api/items', { headers })).status).toBe(200);
      expect((await attemptSignIn('fresh@newsroom.example', oneTime)).status).toBe(401);
      expect((await attemptSignIn('fresh@newsroom.example', 'a brand new passphrase')).body.mustChangePassword).toBe(false);
    });

    it("lets an admin reset a member's password, which ends their sessions", async () => {
      const adminHeaders = await admin();
      const member = await addTestMember(store);
      const theirs = await signIn(app, member.email);
      const reset = await post(`/api/members/${member.id}/reset-password`, {}, adminHeaders);
      expect(reset.status).toBe(200);
      expect(reset.body.oneTimePassword).toEqual(expect.any(String));
      expect((await call('/api/session', { headers: theirs })).status).toBe(401);
      expect((await attemptSignIn(member.email, TEST_PASSWORD)).status).toBe(401);
      expect((await attemptSignIn(member.email, reset.body.oneTimePassword)).body.mustChangePassword).toBe(true);
    });
  });

  describe('managing members', () => {
    it('lists members to anyone signed in, but only admins add or change them', async () => {
      await admin();
      const editor = await addTestMember(store);
      const headers = await signIn(app, editor.email);
      const list = await call('/api/members', { headers });
      expect(list.status).toBe(200);
      expect(list.body.members.map((m: { email: string }) => m.email).sort()).toEqual(['admin@newsroom.example', 'editor@newsroom.example']);
      const refused = await post('/api/members', { email: 'x@newsroom.example', name: 'X', roles: ['editor'] }, headers);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/admin role/);
    });

    it('refuses a second member with the same email, whatever its case', async () => {
      const headers = await admin();
      const again = await post('/api/members', { email: 'ADMIN@newsroom.example', name: 'Twin', roles: ['editor'] }, headers);
      expect(again.status).toBe(400);
      expect(again.body.error.details.fields).toEqual([{ field: 'email', message: expect.stringMatching(/already a member/) }]);
    });

    it('answers 409 to a change based on an old rev, with the member as it is now', async () => {
      const headers = await admin();
      const member = await addTestMember(store);
      const patch = (body: unknown) => call(`/api/members/${member.id}`, { method: 'PATCH', headers: { ...headers, ...JSON_HEADERS }, body: JSON.stringify(body) });
      expect((await patch({ name: 'Renamed Once', rev: 1 })).status).toBe(200);
      const stale = await patch({ roles: ['legal'], rev: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('conflict');
      expect(stale.body.error.details.current).toMatchObject({ name: 'Renamed Once', rev: 2 });
    });

    it('keeps the last enabled admin', async () => {
      const headers = await admin();
      const me = (await call('/api/session', { headers })).body.member;
      const patch = (body: unknown) => call(`/api/members/${me.id}`, { method: 'PATCH', headers: { ...headers, ...JSON_HEADERS }, body: JSON.stringify(body) });
      for (const change of [{ disabled: true }, { roles: ['editor'] }]) {
        const refused = await patch(change);
        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toMatch(/last enabled admin/);
      }
      await addTestMember(store, { email: 'second-admin@newsroom.example', roles: ['admin'] });
      expect((await patch({ roles: ['editor'] })).status).toBe(200);
    });

    it('rejects a password shorter than 12 characters', async () => {
      const headers = await admin();
      const refused = await post('/api/members', { email: 'p@newsroom.example', name: 'P', roles: ['editor'], password: 'too short' }, headers);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details.fields[0].field).toBe('password');
    });
  });

  it('never answers with a password hash, a session id, a token hash or a token secret it did not just make', async () => {
    const headers = await admin();
    const made = await post('/api/tokens', { name: 'Exporter', roles: ['legal'] }, headers);
    const added = await post('/api/members', { email: 'leak-check@newsroom.example', name: 'Leak Check', roles: ['editor'] }, headers);
    // This session ends at the reset below: its id must not show up anywhere either.
    const ended = await signIn(app, 'leak-check@newsroom.example', added.body.oneTimePassword);
    await post(`/api/members/${added.body.member.id}/reset-password`, { password: 'another long password' }, headers);
    const madeAnswerIndex = answers.findIndex((text) => text.includes(made.body.secret));
    await call('/api/tokens', { headers });
    await call(`/api/tokens/${made.body.token.id}`, { method: 'DELETE', headers });
    await call('/api/members', { headers });
    await call('/api/session', { headers });
    await call('/api/events?since=0&limit=1000', { headers });

    const secrets = [
      ...(await store.listRecords('credential')).map((c) => c.passwordHash),
      ...(await store.listRecords('session')).map((s) => s.id),
      sessionIdFor(ended.cookie.slice('tw_session='.length)),
      ...(await store.listRecords('token')).map((t) => t.secretHash),
    ];
    expect(secrets).toHaveLength(5);
    answers.forEach((text, index) => {
      for (const secret of secrets) expect(text, `answer ${index}`).not.toContain(secret);
      expect(text).not.toContain('scrypt$');
      expect(text).not.toContain('passwordHash');
      expect(text).not.toContain('secretHash');
      if (index !== madeAnswerIndex) expect(text).not.toContain(made.body.secret);
    });
  });
});
