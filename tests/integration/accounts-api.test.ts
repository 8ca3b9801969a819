import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.js';
import { loadSecretKey } from '../../server/secret-key.js';
import { DATA_FILE_NAME, EVENT_LOG_FILE_NAME, openLowdbStore } from '../../server/store/lowdb-store.js';
import type { Store } from '../../server/store/store.js';
import { accountsSealedWithAnotherKey, openAccountForSending } from '../../server/workflow/publishing-account-commands.js';
import { createPublishingVault, type PublishingVault } from '../../server/workflow/publishing-vault.js';
import { newSecretKey, parseSecretKey } from '../../server/workflow/secret-box.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';
import { signInAsNewMember, type SessionHeaders } from '../support/sign-in.js';
import { tempDir } from '../support/temp-dir.js';

/** Each credential a test enters; none may ever show outside the sealed field. */
const SECRETS = {
  mastodonToken: 'mstdn-tok-Zq81vX3kLr0PwsUe',
  blueskyPassword: 'abcd-efgh-ijkl-mnop',
  slackPath: '/services/T0AAAAAA/B0BBBBBB/SlackSecretXyZ123',
  teamsSig: 'sig=TeamsSecretSig987',
} as const;
const SLACK_URL = `https://hooks.slack.com${SECRETS.slackPath}`;

const NEW_ACCOUNTS = {
  mastodon: { name: 'Brand on mastodon.social', kind: 'mastodon', channel: 'mastodon', credentials: { instance: 'https://mastodon.social', accessToken: SECRETS.mastodonToken } },
  bluesky: { name: 'Brand on Bluesky', kind: 'bluesky', credentials: { handle: '@brand.bsky.social', appPassword: SECRETS.blueskyPassword } },
  slack: { name: 'Newsroom Slack', kind: 'webhook', channel: 'news', credentials: { url: SLACK_URL, format: 'slack' } },
  manual: { name: 'X, by hand', kind: 'manual', channel: 'x' },
} as const;

function expectNoSecret(text: string, where: string): void {
  for (const secret of Object.values(SECRETS)) expect(text, `${where} holds a credential`).not.toContain(secret);
}

describe('publishing accounts API', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let vault: PublishingVault;
  let app: ReturnType<typeof createApp>;
  let social: SessionHeaders;
  let editor: SessionHeaders;
  const logs: string[] = [];
  /** Every answer's body, to check none holds a credential. */
  const answers: string[] = [];

  beforeEach(async () => {
    dir = tempDir();
    store = await openLowdbStore({ dataDir: dir.path });
    vault = createPublishingVault((await loadSecretKey({ dataDir: dir.path, secretKey: null, databaseUrl: null })).key);
    logs.length = 0;
    answers.length = 0;
    app = createApp({ store, version: 'test', startedAt: 0, webRoot: null, log: (message) => logs.push(message), clock: () => new Date(), vault });
    social = (await signInAsNewMember(app, store, { email: 'sam@newsroom.example', name: 'Sam Social', roles: ['social'] })).headers;
    editor = (await signInAsNewMember(app, store, { email: 'eda@newsroom.example', name: 'Eda Editor', roles: ['editor'] })).headers;
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  async function call(method: string, path: string, body?: unknown, headers: SessionHeaders = social): Promise<{ status: number; body: any }> {
    const response = await app.request(path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    answers.push(text);
    return { status: response.status, body: JSON.parse(text) };
  }

  const add = (input: unknown) => call('POST', '/api/accounts', input);

  it('W-ACCT-1: adds an account of each kind; the answer shows its label and never its credentials', async () => {
    const mastodon = await add(NEW_ACCOUNTS.mastodon);
    expect(mastodon.status).toBe(201);
    expect(mastodon.body.account).toMatchObject({ name: 'Brand on mastodon.social', kind: 'mastodon', channel: 'mastodon', label: 'mastodon.social', disabled: false, rev: 1, allowed: ['update', 'disable'] });
    expect(mastodon.body.account).not.toHaveProperty('sealed');
    expect(mastodon.body.account).not.toHaveProperty('credentials');

    // Bluesky's channel is its own when left out; the handle loses its @.
    const bluesky = await add(NEW_ACCOUNTS.bluesky);
    expect(bluesky.status).toBe(201);
    expect(bluesky.body.account).toMatchObject({ kind: 'bluesky', channel: 'bluesky', label: '@brand.bsky.social' });

    const slack = await add(NEW_ACCOUNTS.slack);
    expect(slack.status).toBe(201);
    expect(slack.body.account).toMatchObject({ kind: 'webhook', channel: 'news', label: 'Slack webhook to hooks.slack.com' });

    const manual = await add(NEW_ACCOUNTS.manual);
    expect(manual.status).toBe(201);
    expect(manual.body.account).toMatchObject({ kind: 'manual', channel: 'x', label: 'posted by hand' });

    // Every member lists them to pick from: public fields, by name.
    const listed = await call('GET', '/api/accounts', undefined, editor);
    expect(listed.status).toBe(200);
    expect(listed.body.accounts.map((a: any) => a.name)).toEqual(['Brand on Bluesky', 'Brand on mastodon.social', 'Newsroom Slack', 'X, by hand']);
    expect(listed.body.accounts.every((a: any) => !('sealed' in a) && a.allowed.length === 0)).toBe(true);
    expect((await call('GET', '/api/accounts')).body.accounts[0].allowed).toEqual(['update', 'disable']);

    // The scheduler opens exactly what was entered, defaults filled in.
    const ctx = createWorkflowContext(store);
    expect((await openAccountForSending(ctx, vault, mastodon.body.account.id)).credentials).toMatchObject({ instance: 'https://mastodon.social', accessToken: SECRETS.mastodonToken, visibility: 'public' });
    expect((await openAccountForSending(ctx, vault, bluesky.body.account.id)).credentials).toMatchObject({ service: 'https://bsky.social', handle: 'brand.bsky.social', appPassword: SECRETS.blueskyPassword });
    expect((await openAccountForSending(ctx, vault, slack.body.account.id)).credentials).toMatchObject({ url: SLACK_URL, format: 'slack', teamsCard: 'adaptive' });
    expect((await openAccountForSending(ctx, vault, manual.body.account.id)).credentials).toBeNull();
  });

  it('W-ACCT-2: a wrong credential is a 400 naming its field under credentials., and not its value', async () => {
    const refused = async (input: unknown, field: string) => {
      const answer = await add(input);
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.body.error.details.fields.map((f: any) => f.field)).toEqual([field]);
      return answer;
    };
    await refused({ ...NEW_ACCOUNTS.mastodon, credentials: { instance: 'https://mastodon.social' } }, 'credentials.accessToken');
    const badInstance = await refused({ ...NEW_ACCOUNTS.mastodon, credentials: { instance: `not-a-url-${SECRETS.mastodonToken}`, accessToken: 'x' } }, 'credentials.instance');
    expect(JSON.stringify(badInstance.body)).not.toContain(SECRETS.mastodonToken);
    await refused({ ...NEW_ACCOUNTS.mastodon, credentials: { ...NEW_ACCOUNTS.mastodon.credentials, visibility: 'direct' } }, 'credentials.visibility');
    await refused({ ...NEW_ACCOUNTS.bluesky, credentials: { handle: 'brand.bsky.social' } }, 'credentials.appPassword');
    await refused({ ...NEW_ACCOUNTS.slack, credentials: { url: SLACK_URL, format: 'discord' } }, 'credentials.format');
    await refused({ name: 'No credentials', kind: 'mastodon' }, 'credentials');
    await refused({ ...NEW_ACCOUNTS.manual, credentials: { url: SLACK_URL } }, 'credentials');
    // The channel must suit the kind: a platform's account posts on that platform.
    await refused({ ...NEW_ACCOUNTS.mastodon, channel: 'bluesky' }, 'channel');
    await refused({ ...NEW_ACCOUNTS.slack, channel: undefined }, 'channel');
    await refused({ ...NEW_ACCOUNTS.manual, channel: undefined }, 'channel');
    await refused({ ...NEW_ACCOUNTS.mastodon, kind: 'myspace' }, 'kind');

    expect((await add(NEW_ACCOUNTS.manual)).status).toBe(201);
    await refused({ ...NEW_ACCOUNTS.manual, name: 'x, BY HAND' }, 'name');
    expect(await store.listRecords('account')).toHaveLength(1);
  });

  it('W-ACCT-3: disables, enables, renames and takes new credentials; a stale rev is a 409 without the sealed field', async () => {
    const { id } = (await add(NEW_ACCOUNTS.mastodon)).body.account;
    const disabled = await call('PATCH', `/api/accounts/${id}`, { disabled: true, rev: 1 });
    expect(disabled.status).toBe(200);
    expect(disabled.body.account).toMatchObject({ disabled: true, rev: 2, allowed: ['update', 'enable'] });

    const stale = await call('PATCH', `/api/accounts/${id}`, { disabled: false, rev: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.details.current).toMatchObject({ id, rev: 2, disabled: true });
    expect(stale.body.error.details.current).not.toHaveProperty('sealed');

    const renamed = await call('PATCH', `/api/accounts/${id}`, { disabled: false, name: 'Brand (Mastodon)', rev: 2 });
    expect(renamed.body.account).toMatchObject({ name: 'Brand (Mastodon)', disabled: false, rev: 3 });

    const rotated = 'mstdn-tok-RotatedAfterLeak42';
    const reentered = await call('PATCH', `/api/accounts/${id}`, { credentials: { instance: 'https://social.example', accessToken: rotated } });
    expect(reentered.status).toBe(200);
    expect(reentered.body.account).toMatchObject({ label: 'social.example', rev: 4 });
    expect(JSON.stringify(reentered.body)).not.toContain(rotated);
    expect((await openAccountForSending(createWorkflowContext(store), vault, id)).credentials).toMatchObject({ accessToken: rotated });

    const missing = await call('PATCH', '/api/accounts/acct_none', { disabled: true });
    expect(missing.status).toBe(404);
    const wrongField = await call('PATCH', `/api/accounts/${id}`, { kind: 'bluesky' });
    expect(wrongField.status).toBe(400);
  });

  it('W-ACCT-4: the scheduler is refused a disabled or missing account, in words', async () => {
    const { id } = (await add(NEW_ACCOUNTS.bluesky)).body.account;
    const ctx = createWorkflowContext(store);
    await call('PATCH', `/api/accounts/${id}`, { disabled: true });
    await expect(openAccountForSending(ctx, vault, id)).rejects.toThrow('the publishing account Brand on Bluesky is disabled; enable it or choose another account');
    await expect(openAccountForSending(ctx, vault, 'acct_gone')).rejects.toThrow(/no publishing account acct_gone/);
  });

  it('keeps credentials out of every answer, the event log (file and /api/events), the data file and the log', async () => {
    const ids: string[] = [];
    for (const input of Object.values(NEW_ACCOUNTS)) ids.push((await add(input)).body.account.id);
    await add({ name: 'Teams', kind: 'webhook', channel: 'news', credentials: { url: `https://prod.logic.azure.com/workflows/1/triggers?${SECRETS.teamsSig}`, format: 'teams' } });
    await call('PATCH', `/api/accounts/${ids[0]}`, { disabled: true });
    await call('PATCH', `/api/accounts/${ids[0]}`, { disabled: false, rev: 1 });
    await call('PATCH', `/api/accounts/${ids[1]}`, { credentials: { handle: 'brand.bsky.social', appPassword: SECRETS.blueskyPassword } });
    await call('GET', '/api/accounts');

    const events = await call('GET', '/api/events?since=0&limit=1000', undefined, editor);
    const accountEvents = events.body.events.filter((e: any) => e.action.startsWith('accounts.'));
    expect(accountEvents.map((e: any) => e.action)).toEqual(['accounts.create', 'accounts.create', 'accounts.create', 'accounts.create', 'accounts.create', 'accounts.update', 'accounts.update']);
    expect(accountEvents.every((e: any) => e.record.type === 'account' && !('sealed' in e.data.account))).toBe(true);

    for (const [index, answer] of answers.entries()) expectNoSecret(answer, `answer ${index}`);
    expectNoSecret(readFileSync(join(dir.path, EVENT_LOG_FILE_NAME), 'utf8'), EVENT_LOG_FILE_NAME);
    const dataFile = readFileSync(join(dir.path, DATA_FILE_NAME), 'utf8');
    expectNoSecret(dataFile, DATA_FILE_NAME);
    // What the data file holds of credentials is the sealed text only.
    const stored = Object.values(JSON.parse(dataFile).records.account) as Array<{ kind: string; sealed: string | null }>;
    expect(stored.filter((a) => a.kind !== 'manual').every((a) => /^v1\.[\w-]+\.[\w-]+$/.test(a.sealed!))).toBe(true);
    expectNoSecret(logs.join('\n'), 'the log');
  });

  it('answers 503 in words when the server has no vault, after the role check', async () => {
    const bare = createApp({ store, version: 'test', startedAt: 0, webRoot: null, log: () => undefined, clock: () => new Date() });
    const request = (headers: SessionHeaders, body: unknown) =>
      bare.request('/api/accounts', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const refused = await request(social, NEW_ACCOUNTS.mastodon);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as any).error.message).toMatch(/started without a secret key, so it cannot seal credentials/);
    expect((await request(editor, NEW_ACCOUNTS.mastodon)).status).toBe(403);
    expect((await bare.request('/api/accounts', { headers: editor })).status).toBe(200);
  });

  it('reads the same accounts after the store and key are opened again; another key is refused in words', async () => {
    const { id } = (await add(NEW_ACCOUNTS.mastodon)).body.account;
    await store.close();

    store = await openLowdbStore({ dataDir: dir.path });
    const again = createPublishingVault((await loadSecretKey({ dataDir: dir.path, secretKey: null, databaseUrl: null })).key);
    const ctx = createWorkflowContext(store);
    expect((await openAccountForSending(ctx, again, id)).credentials).toMatchObject({ accessToken: SECRETS.mastodonToken });
    expect(await accountsSealedWithAnotherKey(ctx, again)).toEqual([]);

    const other = createPublishingVault(parseSecretKey(newSecretKey()));
    await expect(openAccountForSending(ctx, other, id)).rejects.toThrow(
      "the credentials of Brand on mastodon.social do not open with this server's secret key: they were sealed with another one. Restore that key, or enter the credentials again",
    );
    expect((await accountsSealedWithAnotherKey(ctx, other)).map((a) => a.id)).toEqual([id]);
  });
});
