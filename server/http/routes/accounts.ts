import { createRoute } from '@hono/zod-openapi';
import { authorize } from '../../workflow/policy.js';
import { createAccountInput, createPublishingAccount, updateAccountInput, updatePublishingAccount } from '../../workflow/publishing-account-commands.js';
import type { PublishingVault } from '../../workflow/publishing-vault.js';
import { createWorkflowContext } from '../../workflow/workflow-context.js';
import type { AppDeps } from '../app-deps.js';
import { HttpError } from '../http-error.js';
import { principalOf } from '../http-env.js';
import { created, errorResponse, idParam, jsonBody, ok, routeGroup } from '../openapi.js';
import { presentAccount } from '../workflow-presenters.js';

const accountPatch = updateAccountInput.omit({ accountId: true }).strict();

const CREDENTIALS = [
  '`credentials` by kind (checked by the kind\'s publisher; a wrong one is a 400 on `credentials.<field>`):',
  '- mastodon: `{ instance, accessToken, visibility? }` (a token with write:statuses; visibility public or unlisted)',
  '- bluesky: `{ handle, appPassword, service? }` (an app password, never the main one; service defaults to https://bsky.social)',
  '- webhook: `{ url, format?, teamsCard? }` (format json, slack or teams)',
  '- manual: none; a person posts by hand.',
  'Credentials are sealed with the server\'s secret key and never answered, logged or written to the event log.',
].join('\n');

const NO_VAULT = errorResponse('The server has no secret key to seal credentials with');

/** The vault, or the 503 that says why credentials cannot be taken now. */
function vaultOf(vault: PublishingVault | undefined): PublishingVault {
  if (vault) return vault;
  throw new HttpError(
    503,
    'unavailable',
    "this server was started without a secret key, so it cannot seal credentials; start it with TIDEWATCH_SECRET_KEY set, or let it make secret.key in its data directory",
  );
}

/** Publishing accounts: what posts go out through (social and admin manage them; every member sees them to pick from). */
export function accountRoutes({ store, clock, vault }: AppDeps) {
  const ctx = createWorkflowContext(store, clock);
  return routeGroup()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/accounts',
        tags: ['accounts'],
        summary: 'Every publishing account, without credentials: name, kind, channel, label, disabled',
        responses: ok('`{ accounts }`, by name, each with `allowed`'),
      }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'board.read');
        const accounts = (await store.listRecords('account')).sort((a, b) => a.name.localeCompare(b.name));
        return c.json({ accounts: accounts.map((account) => presentAccount(principal, account)) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/accounts',
        tags: ['accounts'],
        summary: 'Add a publishing account (social, admin); its credentials are sealed at once',
        description: CREDENTIALS,
        request: jsonBody(createAccountInput),
        responses: { ...created('`{ account }`, without credentials'), 503: NO_VAULT },
      }),
      async (c) => {
        const principal = principalOf(c);
        // Who may ask comes before whether the server can: a 403 is the answer a role should get.
        authorize(principal, 'accounts.manage');
        const account = await createPublishingAccount(ctx, vaultOf(vault), principal, c.req.valid('json'));
        return c.json({ account: presentAccount(principal, account) }, 201);
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/accounts/{id}',
        tags: ['accounts'],
        summary: 'Rename, disable or enable a publishing account, or enter its credentials again (social, admin)',
        description: `A disabled account sends nothing until it is enabled again. ${CREDENTIALS}`,
        request: { params: idParam, ...jsonBody(accountPatch) },
        responses: { ...ok('`{ account }`, without credentials'), 503: NO_VAULT },
      }),
      async (c) => {
        const principal = principalOf(c);
        authorize(principal, 'accounts.manage');
        const patch = c.req.valid('json');
        const account = await updatePublishingAccount(ctx, patch.credentials === undefined ? null : vaultOf(vault), principal, { ...patch, accountId: c.req.valid('param').id });
        return c.json({ account: presentAccount(principal, account) }, 200);
      },
    );
}
