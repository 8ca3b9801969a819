import { createRoute, z } from '@hono/zod-openapi';
import { DEFAULT_FETCH_POLICY } from '../../../connectors/http/safe-fetch.js';
import type { LinkPreview } from '../../realtime/protocol.js';
import { authorize } from '../../workflow/policy.js';
import type { AppDeps } from '../app-deps.js';
import { principalOf } from '../http-env.js';
import { createLinkPreviews } from '../link-previews.js';
import { errorResponse, ok, routeGroup } from '../openapi.js';

function isWebLink(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

const previewQuery = z.object({
  url: z
    .string()
    .trim()
    .min(1, { error: 'give the link to preview', abort: true })
    .max(2_000, { abort: true })
    .refine(isWebLink, 'use an http:// or https:// link, e.g. https://news.example/story'),
});

/** Link previews for the board's cards and drafts. */
export function linkPreviewRoutes({ allowPrivateFetch, fetchTimeoutMs, clock }: AppDeps) {
  const previews = createLinkPreviews({ allowPrivateAddresses: allowPrivateFetch ?? false, timeoutMs: fetchTimeoutMs ?? DEFAULT_FETCH_POLICY.timeoutMs, clock });
  return routeGroup().openapi(
    createRoute({
      method: 'get',
      path: '/api/link-preview',
      tags: ['links'],
      summary: "A link's title, description and site name, as plain text (any member). Fetched like a source: private and loopback addresses only when the operator allows them",
      request: { query: previewQuery },
      responses: {
        ...ok('`{ url, title, description, siteName }`: `url` after redirects; `title` and `description` null when the page gives none; `siteName` the host name when the page names no site'),
        502: errorResponse('The page could not be read: no such host, no answer in time, or an error status; the message says which'),
      },
    }),
    async (c) => {
      authorize(principalOf(c), 'board.read');
      const answer: LinkPreview = await previews(c.req.valid('query').url);
      // The server keeps previews half an hour; the board may keep them a while too.
      c.header('cache-control', 'private, max-age=600');
      return c.json(answer, 200);
    },
  );
}
