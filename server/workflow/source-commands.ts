import cron from 'node-cron';
import type { z } from 'zod';
import type { Connector } from '../../connectors/connector.js';
import { channelSchema, NEW_SOURCE_HEALTH, publicSource, type Principal, type PublicSource, type Source } from '../domain/index.js';
import { authorize } from './policy.js';
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

type Connectors = ReadonlyMap<string, Connector<unknown>>;

/** Adds a source (admin): the connector must exist and accept the options, the schedule must parse. */
export async function createSource(ctx: WorkflowContext, principal: Principal, input: SourceInput, connectors: Connectors): Promise<PublicSource> {
  authorize(principal, 'sources.manage');
  const connector = connectors.get(input.kind);
  if (!connector) throw invalidField('kind', `no connector "${input.kind}"; available: ${[...connectors.keys()].join(', ')}`);
  if (await ctx.store.getSource(input.id)) throw new WorkflowError('invalid_state', `a source with id ${input.id} exists; choose another id or edit that one`, { state: 'exists' });
  const channel = channelSchema.safeParse(input.channel ?? connector.channel);
  if (!channel.success) throw invalidField('channel', `"${input.channel}" is not a channel; use one of ${channelSchema.options.join(', ')}`);
  const source: Source = {
    id: input.id,
    name: input.name,
    kind: input.kind,
    channel: channel.data,
    options: checkOptions(connector, input.options),
    schedule: checkSchedule(input.schedule ?? connector.defaultSchedule),
    enabled: input.enabled ?? true,
    cursor: null,
    health: { ...NEW_SOURCE_HEALTH },
    createdAt: ctx.clock().toISOString(),
  };
  await ctx.store.saveSource(source, principal.id);
  return publicSource(source);
}

/** Changes a source's name, options, schedule or whether it is polled (admin). */
export async function updateSource(ctx: WorkflowContext, principal: Principal, id: string, patch: SourcePatch, connectors: Connectors): Promise<PublicSource> {
  authorize(principal, 'sources.manage');
  const source = await ctx.store.getSource(id);
  if (!source) throw notFound('source', id);
  const connector = connectors.get(source.kind);
  const next: Source = {
    ...source,
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
    ...(patch.schedule === undefined ? {} : { schedule: checkSchedule(patch.schedule) }),
    // New options may point somewhere else: what the old cursor remembered no longer applies.
    ...(patch.options === undefined || !connector ? {} : { options: checkOptions(connector, patch.options), cursor: null }),
  };
  await ctx.store.saveSource(next, principal.id);
  return publicSource(next);
}

function checkOptions(connector: Connector<unknown>, options: Record<string, unknown>): Record<string, unknown> {
  const parsed = (connector.optionsSchema as z.ZodType).safeParse(options);
  if (parsed.success) return options;
  const issue = parsed.error.issues[0]!;
  throw invalidField(['options', ...issue.path.map(String)].join('.'), issue.message);
}

function checkSchedule(schedule: string): string {
  if (!cron.validate(schedule)) throw invalidField('schedule', `"${schedule}" is not a cron expression; for every five minutes use */5 * * * *`);
  return schedule;
}
