import { checkResponse } from '../connector-errors.js';
import type { SafeFetch, SafeFetchResponse } from '../http/safe-fetch.js';
import { DEFAULT_USER_AGENT, type RedditOptions } from './reddit-options.js';
import { requestUrl, type RedditRequest } from './reddit-request.js';
import { isTokenUsable, requestToken, type StoredToken } from './reddit-token.js';

/** Sends reddit requests the way reddit wants them: its User-Agent, and OAuth when the source has an app. */
export interface RedditClient {
  /** One page; throws RateLimitedError or HttpStatusError for an answer without content. */
  get(request: RedditRequest): Promise<SafeFetchResponse>;
  /** The token in use, to keep in the cursor; null on the public JSON. */
  readonly token: StoredToken | null;
}

interface ClientContext {
  fetch: SafeFetch;
  signal: AbortSignal;
  now: Date;
}

export async function openRedditClient(options: RedditOptions, cached: StoredToken | null, ctx: ClientContext): Promise<RedditClient> {
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const { clientId, clientSecret } = options;
  const app = clientId !== undefined && clientSecret !== undefined ? { clientId, clientSecret } : null;
  const renew = (app: { clientId: string; clientSecret: string }) =>
    requestToken({ baseUrl: options.baseUrl, ...app, userAgent, fetch: ctx.fetch, signal: ctx.signal, now: ctx.now });

  let token: StoredToken | null = null;
  let tokenFromCursor = false;
  if (app) {
    tokenFromCursor = isTokenUsable(cached, app.clientId, ctx.now);
    token = tokenFromCursor ? cached : await renew(app);
  }

  const send = (request: RedditRequest, bearer: StoredToken | null) =>
    ctx.fetch({
      url: requestUrl(request, bearer ? options.oauthBaseUrl : options.baseUrl, bearer !== null),
      headers: { accept: 'application/json', 'user-agent': userAgent, ...(bearer ? { authorization: `bearer ${bearer.accessToken}` } : {}) },
      signal: ctx.signal,
    });

  return {
    async get(request) {
      let response = await send(request, token);
      // A remembered token can be revoked before it expires: get a fresh one, once.
      if (response.status === 401 && app && tokenFromCursor) {
        tokenFromCursor = false;
        token = await renew(app);
        response = await send(request, token);
      }
      checkResponse(response, ctx.now, 'reddit');
      return response;
    },
    get token() {
      return token;
    },
  };
}
