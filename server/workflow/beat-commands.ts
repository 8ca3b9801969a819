import type { Beat, Principal } from '../domain/index.js';
import { checkBeatQuery } from '../trends/beat-query-check.js';
import { ChangeSet } from './change-set.js';
import { parseCommandInput } from './command-input.js';
import { authorize } from './policy.js';
import { checkExpectedRev, loadRecord } from './record-loading.js';
import type { WorkflowContext } from './workflow-context.js';
import { invalidField } from './workflow-errors.js';
import { createBeatInput, updateBeatInput, type CreateBeatInput, type UpdateBeatInput } from './workflow-inputs.js';

/** Two beats with one name would be told apart by nobody on the board. */
async function assertNameFree(ctx: WorkflowContext, name: string, exceptId: string | null): Promise<void> {
  const taken = (await ctx.store.listRecords('beat')).find((b) => b.id !== exceptId && b.name.toLowerCase() === name.toLowerCase());
  if (taken) throw invalidField('name', `the beat ${taken.name} (${taken.id}) has this name already; choose another, or change that one`);
}

/** A query the detector cannot read is refused on field `query`, with its column in the message. */
function assertQueryReadable(query: string): void {
  const check = checkBeatQuery(query);
  if (!check.ok) throw invalidField('query', check.message);
}

/** W-BEAT-1: an editor or admin names what the team cares about. */
export async function createBeat(ctx: WorkflowContext, principal: Principal, input: CreateBeatInput): Promise<Beat> {
  authorize(principal, 'beats.manage');
  const { name, query, languages, regions, requiresLegal } = parseCommandInput(createBeatInput, input);
  assertQueryReadable(query);
  await assertNameFree(ctx, name, null);
  const changes = new ChangeSet(principal.id, ctx.clock());
  const at = changes.at.toISOString();
  const beat = changes.create(
    'beat',
    { id: ctx.newId('beat'), rev: 1, name, query, languages: languages ?? [], regions: regions ?? [], requiresLegal: requiresLegal ?? false, createdAt: at, updatedAt: at },
    'beats.create',
    (after) => ({ beat: after }),
  );
  await changes.commit(ctx.store);
  return beat;
}

/**
 * W-BEAT-2: an editor or admin changes a beat. Requiring legal applies to drafts submitted from
 * then on; reviews already open keep their route.
 */
export async function updateBeat(ctx: WorkflowContext, principal: Principal, input: UpdateBeatInput): Promise<Beat> {
  authorize(principal, 'beats.manage');
  const { beatId, rev, ...patch } = parseCommandInput(updateBeatInput, input);
  const beat = await loadRecord(ctx, 'beat', beatId);
  checkExpectedRev('beat', beat, rev);
  if (patch.query !== undefined) assertQueryReadable(patch.query);
  if (patch.name !== undefined) await assertNameFree(ctx, patch.name, beat.id);
  const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<Beat>;
  if (Object.keys(defined).length === 0) return beat;
  const changes = new ChangeSet(principal.id, ctx.clock());
  const updated = changes.update('beat', beat, defined, 'beats.update', (after) => ({ beat: after }));
  await changes.commit(ctx.store);
  return updated;
}
