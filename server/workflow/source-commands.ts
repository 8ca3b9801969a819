import cron from 'node-cron';
import type { z } from 'zod';
import type { Connector } from '../../connectors/connector.js';
import { channelSchema, healthWithDefaults, NEW_SOURCE_HEALTH, publicSource, type Principal, type PublicSource, type Source } from '../domain/index.js';
import { authorize } from './policy.js';
import { checkOptionAddresses } from './source-address-check.js';
import { newWebhookToken, WEBHOOK_KIND, webhookOptionsSchema } from './webhook-source.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField, notFound, WorkflowError } from './workflow-errors.js';

export interface SourceInput {
  id: string;
  name: string;
  kind: string;
  channel?: string | undefined;
  options: Record<string, unknown>;
  schedule?: string | undefined;
  enabled?: boolean | undefined;
}

export type SourcePatch = Partial<Pick<SourceInput, 'name' | 'options' | 'schedule' | 'enabled'>>;

/** What the commands check sources against: the connectors, and whether the operator allows private fetches. */
export interface SourceRules {
  connectors: ReadonlyMap<string, Connector<unknown>>;
  allowPrivateAddresses: boolean;
}

/** A webhook has no schedule, but the field is required: this one is never scheduled. */
const PUSH_SCHEDULE = '0 0 1 1 *';

/**
 * Adds a source (admin): the connector must exist and accept the options, the schedule must
 * parse, and no option may point at a private address. A webhook source's token is in the answer
 * and nowhere else, ever.
 */
export async function createSource(ctx: WorkflowContext, principal: Principal, input: SourceInput, rules: SourceRules): Promise<{ source: PublicSource; token?: string }> {
  authorize(principal, 'sources.manage');
  if (await ctx.store.getSource(input.id)) throw new WorkflowError('invalid_state', `a source with id ${input.id} exists; choose another id or edit that one`, { state: 'exists' });
  const base = { id: input.id, name: input.name, kind: input.kind, enabled: input.enabled ?? true, cursor: null, health: { ...NEW_SOURCE_HEALTH }, createdAt: ctx.clock().toISOString() };

  if (input.kind === WEBHOOK_KIND) {
    checkParsed(webhookOptionsSchema, input.options);
    if (input.schedule !== undefined) throw invalidField('schedule', 'a webhook source is pushed to, never polled: leave the schedule out');
    const { token, options } = newWebhookToken();
    const source: Source = { ...base, channel: checkChannel(input.channel ?? 'news'), options, schedule: PUSH_SCHEDULE };
    await ctx.store.saveSource(source, principal.id);
    return { source: publicSource(source), token };
  }

  const connector = rules.connectors.get(input.kind);
  if (!connector) throw invalidField('kind', `no connector "${input.kind}"; available: ${[...rules.connectors.keys(), WEBHOOK_KIND].join(', ')}`);
  const source: Source = {
    ...base,
    channel: checkChannel(input.channel ?? connector.channel),
    options: checkOptions(connector, input.options, rules),
    schedule: checkSchedule(input.schedule ?? connector.defaultSchedule),
  };
  await ctx.store.saveSource(source, principal.id);
  return { source: publicSource(source) };
}

/** Changes a source's name, options, schedule or whether it is polled (admin). */
export async function updateSource(ctx: WorkflowContext, principal: Principal, id: string, patch: SourcePatch, rules: SourceRules): Promise<PublicSource> {
  authorize(principal, 'sources.manage');
  const source = await ctx.store.getSource(id);
  if (!source) throw notFound('source', id);
  const push = source.kind === WEBHOOK_KIND;
  if (push && patch.schedule !== undefined) throw invalidField('schedule', 'a webhook source is pushed to, never polled: it has no schedule');
  if (push && patch.options !== undefined) checkParsed(webhookOptionsSchema, patch.options);
  const connector = rules.connectors.get(source.kind);
  const health = healthWithDefaults(source.health);
  const next: Source = {
    ...source,
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
    // A new schedule plans the next poll afresh (a back-off still applies from the next failure).
    ...(patch.schedule === undefined || patch.schedule === source.schedule ? {} : { schedule: checkSchedule(patch.schedule), health: { ...health, nextPollAt: null } }),
    // New options may point somewhere else: what the old cursor remembered no longer applies.
    ...(patch.options === undefined || !connector || push ? {} : { options: checkOptions(connector, patch.options, rules), cursor: null }),
  };
  await ctx.store.saveSource(next, principal.id);
  return publicSource(next);
}

/** Stops polling a source, or starts again (admin); its items, cursor and health stay. */
export async function setSourcePaused(ctx: WorkflowContext, principal: Principal, id: string, paused: boolean, rules: SourceRules): Promise<PublicSource> {
  return updateSource(ctx, principal, id, { enabled: !paused }, rules);
}

/** Removes a source (admin). Its items stay: they belong to stories and the audit trail. */
export async function removeSource(ctx: WorkflowContext, principal: Principal, id: string): Promise<PublicSource> {
  authorize(principal, 'sources.manage');
  const source = await ctx.store.getSource(id);
  if (!source) throw notFound('source', id);
  await ctx.store.removeSource(id, principal.id);
  return publicSource(source);
}

function checkOptions(connector: Connector<unknown>, options: Record<string, unknown>, rules: SourceRules): Record<string, unknown> {
  checkParsed(connector.optionsSchema as z.ZodType, options);
  checkOptionAddresses(options, rules.allowPrivateAddresses);
  return options;
}

function checkParsed(schema: z.ZodType, options: Record<string, unknown>): void {
  const parsed = schema.safeParse(options);
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  throw invalidField(['options', ...issue.path.map(String)].join('.'), issue.message);
}

function checkChannel(channel: string) {
  const parsed = channelSchema.safeParse(channel);
  if (!parsed.success) throw invalidField('channel', `"${channel}" is not a channel; use one of ${channelSchema.options.join(', ')}`);
  return parsed.data;
}

function checkSchedule(schedule: string): string {
  if (!cron.validate(schedule)) throw invalidField('schedule', `"${schedule}" is not a cron expression; for every five minutes use */5 * * * *`);
  return schedule;
}
