import { channelSchema, type Principal } from '../domain/index.js';
import type { ErasureReport } from '../store/stewardship.js';
import { authorize } from './policy.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField } from './workflow-errors.js';

export interface ErasureInput {
  author: string;
  channel: string;
}

/** What an erasure answers: counts and ids, never the author's words. */
export interface ErasureSummary {
  erasureId: string;
  channel: string;
  itemsDeleted: number;
  eventsRedacted: number;
  labelsReplaced: number;
  items: string[];
  stories: string[];
  opportunities: string[];
  seq: number | null;
}

/**
 * Erases an author's items on one channel (issue 9, admins only): the store deletes them, redacts
 * them in the log, replaces labels and titles copied from them, and records the erasure without
 * the author's handle.
 */
export async function eraseAuthor(ctx: WorkflowContext, principal: Principal, input: ErasureInput): Promise<ErasureSummary> {
  authorize(principal, 'items.erase');
  const author = input.author.trim();
  if (author === '' || author === '@') throw invalidField('author', 'name the author handle to erase, as the channel shows it');
  const channel = channelSchema.safeParse(input.channel);
  if (!channel.success) throw invalidField('channel', `must be one of ${channelSchema.options.join(', ')}`);
  const report = await ctx.store.eraseAuthor({ erasureId: ctx.newId('er'), author, channel: channel.data }, principal.id);
  return summarizeErasure(report);
}

export function summarizeErasure(report: ErasureReport): ErasureSummary {
  return {
    erasureId: report.erasureId,
    channel: report.channel,
    itemsDeleted: report.items.length,
    eventsRedacted: report.redactedEvents.length,
    labelsReplaced: report.storiesRelabelled.length + report.opportunitiesRetitled.length,
    items: report.items,
    stories: report.storiesRelabelled,
    opportunities: report.opportunitiesRetitled,
    seq: report.event?.seq ?? null,
  };
}
