import { DEFAULT_WINDOW_HOURS, type Channel, type Opportunity } from '../domain/index.js';
import { storyWindows, type RelevanceWindow, type WindowHours } from '../trends/relevance-windows.js';

/**
 * The relevance window of each channel of an opportunity, as the detector draws them: each opens
 * with the opportunity's window (`windowOpensAt`) and closes that channel's hours later, never
 * past the deadline, which is what the post guards check.
 *
 * The deadline is the latest window by construction (the detector's is the latest close among
 * its open channels; a pitch without one takes its longest-lived channel's). When it lies later
 * than every channel's own close (an editor set it by hand, or the story trended again), the
 * longest-lived channels stretch to it: the latest window always ends at the deadline.
 */
export function opportunityWindows(
  opportunity: Pick<Opportunity, 'channels' | 'windowOpensAt' | 'deadline'>,
  hours: WindowHours = DEFAULT_WINDOW_HOURS,
): RelevanceWindow[] {
  const deadline = Date.parse(opportunity.deadline);
  const natural = storyWindows({ channels: opportunity.channels, trending: true, trendingAt: opportunity.windowOpensAt }, hours);
  if (natural.length === 0 || Number.isNaN(deadline)) return [];
  const longest = Math.max(...natural.map((w) => w.closesAt));
  return natural.map((w) => ({ ...w, closesAt: w.closesAt === longest ? Math.max(w.opensAt, deadline) : Math.max(w.opensAt, Math.min(w.closesAt, deadline)) }));
}

/** The window of one channel of the opportunity, or null when it does not react there. */
export function channelWindow(opportunity: Pick<Opportunity, 'channels' | 'windowOpensAt' | 'deadline'>, channel: Channel, hours?: WindowHours): RelevanceWindow | null {
  return opportunityWindows(opportunity, hours).find((w) => w.channel === channel) ?? null;
}
