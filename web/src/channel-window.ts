import type { Channel, Opportunity } from '../../server/realtime/protocol.js';

/*
 * The relevance window of one channel of an opportunity, drawn as the server draws it
 * (server/workflow/opportunity-windows.ts) from the hours GET /api/channels gives: each channel
 * opens with the opportunity's window and closes its hours later, never past the deadline; the
 * longest-lived channels stretch to the deadline. tests/unit/channel-window.test.ts checks the
 * two agree. Views that fetched an opportunity file use its `windows` instead.
 */

const HOUR = 3_600_000;

export interface WindowTimes {
  channel: Channel;
  /** ms since the epoch. */
  opensAt: number;
  closesAt: number;
}

export type HoursByChannel = Readonly<Partial<Record<Channel, number>>>;

export function opportunityWindowTimes(opportunity: Pick<Opportunity, 'channels' | 'windowOpensAt' | 'deadline'>, hours: HoursByChannel): WindowTimes[] {
  const deadline = Date.parse(opportunity.deadline);
  const opensAt = Date.parse(opportunity.windowOpensAt);
  if (Number.isNaN(deadline) || Number.isNaN(opensAt)) return [];
  const natural = [...new Set(opportunity.channels)].flatMap((channel) => {
    const h = hours[channel];
    return h === undefined ? [] : [{ channel, opensAt, closesAt: opensAt + h * HOUR }];
  });
  if (natural.length === 0) return [];
  const longest = Math.max(...natural.map((w) => w.closesAt));
  return natural.map((w) => ({ ...w, closesAt: w.closesAt === longest ? Math.max(w.opensAt, deadline) : Math.max(w.opensAt, Math.min(w.closesAt, deadline)) }));
}

/**
 * The channel's window; when the hours are not known yet (or the opportunity does not list the
 * channel), the opportunity's own: from its opening to its deadline, which the post guards check.
 */
export function channelWindowTimes(opportunity: Pick<Opportunity, 'channels' | 'windowOpensAt' | 'deadline'>, channel: Channel, hours: HoursByChannel | null): WindowTimes {
  const found = hours ? opportunityWindowTimes(opportunity, hours).find((w) => w.channel === channel) : undefined;
  return found ?? { channel, opensAt: Date.parse(opportunity.windowOpensAt), closesAt: Date.parse(opportunity.deadline) };
}
