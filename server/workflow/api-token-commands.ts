import { z } from 'zod';
import { publicApiToken, roleSchema, type ApiToken, type Principal, type PublicApiToken } from '../domain/index.js';
import { parseCommandInput } from './command-input.js';
import { recordEvent } from './record-event.js';
import { constantTimeEqual, randomSecret, sha256Hex } from './secret-tokens.js';
import type { WorkflowContext } from './workflow-context.js';
import { notFound } from './workflow-errors.js';

/**
 * API tokens read `tw_<id>_<secret>`: the id finds the record without a scan, the secret proves
 * the holder. The secret is base64url, which may hold `_`, so the id is everything up to the
 * last underscore that leaves a secret of the right length.
 */
const PREFIX = 'tw_';
const SECRET_BYTES = 32;
const SECRET_LENGTH = Math.ceil((SECRET_BYTES * 4) / 3);
const MAX_RAW_LENGTH = 200;

const newTokenSchema = z.object({
  name: z.string().trim().min(1, 'name the integration this token is for').max(120),
  roles: z
    .array(roleSchema)
    .min(1, 'give the token at least one role')
    .transform((roles) => [...new Set(roles)]),
});
export type NewApiToken = z.input<typeof newTokenSchema>;

/** Makes a token; its secret is in the answer and nowhere else, ever. */
export async function createApiToken(ctx: WorkflowContext, input: NewApiToken, createdBy: string): Promise<{ token: PublicApiToken; secret: string }> {
  const { name, roles } = parseCommandInput(newTokenSchema, input);
  const id = ctx.newId('tok');
  const secret = `${PREFIX}${id}_${randomSecret(SECRET_BYTES)}`;
  const now = ctx.clock();
  const token: ApiToken = { id, rev: 1, name, roles, secretHash: sha256Hex(secret), createdBy, createdAt: now.toISOString(), revokedAt: null };
  const shown = publicApiToken(token);
  await ctx.store.commit(
    [{ kind: 'token', record: token, expectedRev: null }],
    [recordEvent('tokens.create', { type: 'token', id }, { before: null, after: shown }, createdBy, now, { token: shown })],
  );
  return { token: shown, secret };
}

/** Revokes a token for good; revoking it again changes nothing. */
export async function revokeApiToken(ctx: WorkflowContext, id: string, actor: string): Promise<PublicApiToken> {
  const before = await ctx.store.getRecord('token', id);
  if (!before) throw notFound('API token', id);
  if (before.revokedAt !== null) return publicApiToken(before);
  const now = ctx.clock();
  const after: ApiToken = { ...before, rev: before.rev + 1, revokedAt: now.toISOString() };
  await ctx.store.commit(
    [{ kind: 'token', record: after, expectedRev: before.rev }],
    [recordEvent('tokens.revoke', { type: 'token', id }, { before: publicApiToken(before), after: publicApiToken(after) }, actor, now, { token: publicApiToken(after) })],
  );
  return publicApiToken(after);
}

export async function listApiTokens(ctx: WorkflowContext): Promise<PublicApiToken[]> {
  return (await ctx.store.listRecords('token')).map(publicApiToken);
}

export function tokenPrincipal(token: ApiToken): Principal {
  return { kind: 'token', id: `token:${token.id}`, name: token.name, roles: token.roles };
}

/** The integration a raw token belongs to, or null when it is malformed, unknown or revoked. */
export async function resolveApiToken(ctx: WorkflowContext, raw: string): Promise<Principal | null> {
  const token = await findApiToken(ctx, raw);
  return token ? tokenPrincipal(token) : null;
}

export async function findApiToken(ctx: WorkflowContext, raw: string): Promise<ApiToken | null> {
  if (!raw.startsWith(PREFIX) || raw.length > MAX_RAW_LENGTH) return null;
  const idEnd = raw.length - SECRET_LENGTH - 1;
  if (idEnd <= PREFIX.length || raw[idEnd] !== '_') return null;
  const token = await ctx.store.getRecord('token', raw.slice(PREFIX.length, idEnd));
  if (!token || token.revokedAt !== null) return null;
  return constantTimeEqual(sha256Hex(raw), token.secretHash) ? token : null;
}
