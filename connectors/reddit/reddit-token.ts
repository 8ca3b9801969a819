import { z } from 'zod';
import type { SafeFetch } from '../http/safe-fetch.js';
import { checkResponse } from '../connector-errors.js';
import { parseJsonDocument } from '../http/json-document.js';

/** An app-only OAuth token, kept in the cursor so every poll does not cost a token request. */
export const storedTokenSchema = z.object({
  accessToken: z.string().min(1),
  expiresAt: z.string().datetime(),
  /** The app it was issued to: a token is not reused after the source's credentials change. */
  clientId: z.string(),
});
export type StoredToken = z.infer<typeof storedTokenSchema>;

/** Renewed this long before it expires, so a token never runs out in the middle of a poll. */
const RENEW_MARGIN_MS = 5 * 60_000;

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

/** Reddit refused the app's credentials with a 200 and an error body (as it does for a bad grant). */
export class RedditAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedditAuthError';
  }
}

export function isTokenUsable(token: StoredToken | null, clientId: string, now: Date): token is StoredToken {
  return token !== null && token.clientId === clientId && Date.parse(token.expiresAt) - now.getTime() > RENEW_MARGIN_MS;
}

export interface TokenRequest {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  userAgent: string;
  fetch: SafeFetch;
  signal: AbortSignal;
  now: Date;
}

/** The client-credentials grant: app-only access to public data, no user account involved. */
export async function requestToken(request: TokenRequest): Promise<StoredToken> {
  const basic = Buffer.from(`${request.clientId}:${request.clientSecret}`).toString('base64');
  const response = await request.fetch({
    url: `${request.baseUrl}/api/v1/access_token`,
    method: 'POST',
    body: 'grant_type=client_credentials',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'user-agent': request.userAgent,
    },
    signal: request.signal,
  });
  checkResponse(response, request.now, "reddit's token endpoint");
  const json = parseJsonDocument(response.body, response.headers['content-type'] ?? null, "reddit's token answer");
  const answer = tokenAnswerSchema.safeParse(json);
  if (!answer.success) {
    const error = typeof json === 'object' && json !== null && 'error' in json ? String((json as { error: unknown }).error) : 'no access_token in the answer';
    throw new RedditAuthError(`reddit refused the app credentials (${error}): check clientId and clientSecret`);
  }
  return {
    accessToken: answer.data.access_token,
    expiresAt: new Date(request.now.getTime() + answer.data.expires_in * 1000).toISOString(),
    clientId: request.clientId,
  };
}
