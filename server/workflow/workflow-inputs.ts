import { z } from 'zod';
import { channelSchema, commentTargetSchema, reviewDecisionSchema } from '../domain/index.js';

/*
 * The input of every workflow command, checked by the command itself (parseCommandInput) and
 * reused by the routes for their request bodies, so both speak with the same words.
 */

const id = z.string().min(1).max(200);
const text = z.string().max(50_000);
const reason = z.string({ error: 'say why' }).trim().min(1, 'say why').max(1_000);
const isoTime = z.iso.datetime({ offset: true, message: 'use an ISO 8601 time, e.g. 2026-11-01T14:05:00Z' });
const httpUrl = z
  .string()
  .max(2_000)
  .refine((url) => /^https?:\/\/[^\s]+$/i.test(url), 'use an http:// or https:// link');

/** The rev the caller saw: a record that moved on since answers 409 with the record as it is now (W-CONC-2). */
export const revField = z.number().int().nonnegative().optional();

export const pitchInput = z.object({
  title: z.string().trim().min(1, 'give it a title').max(300),
  url: httpUrl.nullable().optional(),
  beatId: id,
  /** When absent: the longest default window of its channels, from now. */
  deadline: isoTime.optional(),
  channels: z.array(channelSchema).min(1, 'name at least one channel to react on'),
  riskFlags: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
});

export const opportunityRef = z.object({ opportunityId: id, rev: revField });
export const assignInput = opportunityRef.extend({ memberId: id });
export const dismissInput = opportunityRef.extend({ reason });

export const createDraftInput = z.object({ opportunityId: id, channel: channelSchema, text });
export const reviseDraftInput = z.object({ draftId: id, text, rev: revField });
export const submitDraftInput = z.object({ draftId: id, version: z.number().int().positive().optional(), rev: revField });
export const draftDiffInput = z.object({ draftId: id, from: z.number().int().positive().optional(), to: z.number().int().positive().optional() });

export const decideReviewInput = z.object({
  reviewId: id,
  decision: reviewDecisionSchema,
  /** Required to request changes or reject: the writer needs to know what to change. */
  comment: z.string().trim().max(5_000).optional(),
  rev: revField,
});

export const schedulePostInput = z.object({
  draftId: id,
  scheduledFor: z.union([z.literal('now'), isoTime]),
  /** Sends it after the window closes anyway (W-POST-5). */
  overrideReason: reason.optional(),
  /** The publishing account it goes out through (W-PUB-1); null: a person posts it by hand; absent: the channel's only account. */
  accountId: id.nullable().optional(),
});
export const postRef = z.object({ postId: id, rev: revField });
export const cancelPostInput = postRef.extend({ reason: z.string().trim().max(1_000).optional() });
export const overridePostInput = postRef.extend({ reason });
/** W-PUB-7: where the post a person made by hand can be seen. */
export const recordPostInput = postRef.extend({ url: httpUrl });
/** W-PUB-8: whether a send that was cut off arrived, and where it can be seen when it did. */
export const confirmPostInput = postRef.extend({ arrived: z.boolean({ error: 'say whether it arrived: true or false' }), url: httpUrl.optional() });

const beatFields = {
  name: z.string().trim().min(1, 'give the beat a name').max(120),
  query: z.string().trim().min(1, 'write the query: phrases, hashtags, AND/OR/NOT').max(2_000),
  languages: z.array(z.string().trim().min(2).max(10)).max(50),
  regions: z.array(z.string().trim().min(2).max(10)).max(100),
  requiresLegal: z.boolean(),
};
export const createBeatInput = z.object({
  ...beatFields,
  languages: beatFields.languages.optional(),
  regions: beatFields.regions.optional(),
  requiresLegal: beatFields.requiresLegal.optional(),
});
export const updateBeatInput = z.object({
  beatId: id,
  rev: revField,
  name: beatFields.name.optional(),
  query: beatFields.query.optional(),
  languages: beatFields.languages.optional(),
  regions: beatFields.regions.optional(),
  requiresLegal: beatFields.requiresLegal.optional(),
});

export const createCommentInput = z.object({
  target: commentTargetSchema,
  text: z.string().trim().min(1, 'write something first').max(5_000),
});

export type PitchInput = z.input<typeof pitchInput>;
export type OpportunityRef = z.input<typeof opportunityRef>;
export type AssignInput = z.input<typeof assignInput>;
export type DismissInput = z.input<typeof dismissInput>;
export type CreateDraftInput = z.input<typeof createDraftInput>;
export type ReviseDraftInput = z.input<typeof reviseDraftInput>;
export type SubmitDraftInput = z.input<typeof submitDraftInput>;
export type DraftDiffInput = z.input<typeof draftDiffInput>;
export type DecideReviewInput = z.input<typeof decideReviewInput>;
export type SchedulePostInput = z.input<typeof schedulePostInput>;
export type CancelPostInput = z.input<typeof cancelPostInput>;
export type OverridePostInput = z.input<typeof overridePostInput>;
export type RecordPostInput = z.input<typeof recordPostInput>;
export type ConfirmPostInput = z.input<typeof confirmPostInput>;
export type CreateBeatInput = z.input<typeof createBeatInput>;
export type UpdateBeatInput = z.input<typeof updateBeatInput>;
export type CreateCommentInput = z.input<typeof createCommentInput>;
