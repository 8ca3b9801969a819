import { createRoute } from '@hono/zod-openapi';
import { CHANNELS, DEFAULT_WINDOW_HOURS, type Channel } from '../../domain/index.js';
import type { BoardChannelRule } from '../../realtime/protocol.js';
import { CHANNEL_RULES } from '../../workflow/channel-rules.js';
import { authorize } from '../../workflow/policy.js';
import { principalOf } from '../http-env.js';
import { ok, routeGroup } from '../openapi.js';

/** The only link schemes W-DRAFT-5 lets through; channel-rules.ts refuses every other. */
const LINK_SCHEMES = ['http', 'https'];

/**
 * One channel's rules as the board needs them: the board cannot import server code, and its
 * length counter must count exactly as `measureText` does, or a draft the counter calls fine
 * would be refused on save.
 */
export function channelRuleOf(channel: Channel): BoardChannelRule {
  const rule = CHANNEL_RULES[channel];
  return {
    channel,
    maxChars: rule.maxLength,
    unit: rule.unit,
    linkChars: rule.linkLength,
    linkSchemes: LINK_SCHEMES,
    titleMaxChars: rule.titleMaxLength,
    // The hours the detector and the post guards use (opportunity-windows.ts): nothing
    // configures other hours yet, so the defaults are the server's truth.
    windowHours: DEFAULT_WINDOW_HOURS[channel],
  };
}

/** The channels: read-only, the same for every member. */
export function channelRoutes() {
  return routeGroup().openapi(
    createRoute({
      method: 'get',
      path: '/api/channels',
      tags: ['channels'],
      summary: "Each channel's length limit, how it counts, its link and title rules, and its relevance window in hours",
      responses: ok('`{ channels: [{ channel, maxChars, unit, linkChars, linkSchemes, titleMaxChars, windowHours }] }`'),
    }),
    (c) => {
      authorize(principalOf(c), 'board.read');
      return c.json({ channels: CHANNELS.map(channelRuleOf) }, 200);
    },
  );
}
