import { z } from 'zod';
import type { Source } from '../domain/index.js';
import { constantTimeEqual, randomSecret, sha256Hex } from './secret-tokens.js';

/**
 * A webhook source is pushed to (POST /api/ingest/{id}) and never polled. It has no public
 * options; what proves a push is a per-source token, kept only as its hash in the source's
 * options, which never leave the server.
 */
export const WEBHOOK_KIND = 'webhook';

const TOKEN_PREFIX = 'twh_';

/** What an admin may set: nothing. The token hash is the server's own. */
export const webhookOptionsSchema = z.object({}).strict();

const storedOptionsSchema = z.object({ tokenHash: z.string().regex(/^[0-9a-f]{64}$/) });

/** A new token and what the source keeps of it: the token is shown once, when the source is made. */
export function newWebhookToken(): { token: string; options: { tokenHash: string } } {
  const token = `${TOKEN_PREFIX}${randomSecret(32)}`;
  return { token, options: { tokenHash: sha256Hex(token) } };
}

/** Whether a bearer token is this webhook source's. */
export function webhookTokenMatches(source: Source, raw: string): boolean {
  const stored = storedOptionsSchema.safeParse(source.options);
  if (!stored.success) return false;
  return constantTimeEqual(sha256Hex(raw), stored.data.tokenHash);
}
