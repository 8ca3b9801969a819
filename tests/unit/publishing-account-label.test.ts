import { describe, expect, it } from 'vitest';
import { publishingAccountLabel } from '../../server/workflow/publishing-account-label.js';

describe('publishing account label', () => {
  it('shows the instance of a Mastodon account, never its token', () => {
    expect(publishingAccountLabel('mastodon', { instance: 'https://mastodon.social/', accessToken: 'tok-1', visibility: 'public' })).toBe('mastodon.social');
  });

  it('shows the handle of a Bluesky account, and its PDS when it is not bsky.social', () => {
    expect(publishingAccountLabel('bluesky', { handle: 'brand.bsky.social', service: 'https://bsky.social', appPassword: 'abcd-efgh' })).toBe('@brand.bsky.social');
    expect(publishingAccountLabel('bluesky', { handle: 'brand.example', service: 'https://pds.example:8443', appPassword: 'abcd-efgh' })).toBe('@brand.example on pds.example:8443');
  });

  it("shows a webhook's host only: a Slack or Teams path, query or user is the secret", () => {
    const slack = publishingAccountLabel('webhook', { url: 'https://hooks.slack.com/services/T000/B000/XXXXSECRET', format: 'slack', teamsCard: 'adaptive' });
    expect(slack).toBe('Slack webhook to hooks.slack.com');
    const teams = publishingAccountLabel('webhook', { url: 'https://user:pw@prod.westeurope.logic.azure.com:443/workflows/abc/triggers?sig=SECRET', format: 'teams', teamsCard: 'adaptive' });
    expect(teams).toBe('Teams webhook to prod.westeurope.logic.azure.com');
    expect(teams).not.toMatch(/SECRET|workflows|user|pw/);
    expect(publishingAccountLabel('webhook', { url: 'https://cms.newsroom.example:8080/hooks/in?token=abc', format: 'json', teamsCard: 'adaptive' })).toBe('webhook to cms.newsroom.example:8080');
  });

  it('says a manual account is posted by hand', () => {
    expect(publishingAccountLabel('manual', null)).toBe('posted by hand');
  });
});
