import type { RecordKind, RecordMap } from '../domain/index.js';
import { RecordConflictError } from '../store/store-errors.js';
import type { WorkflowContext } from './workflow-context.js';
import { notFound } from './workflow-errors.js';

/** The record, or the 404 that names what was missing. */
export async function loadRecord<K extends RecordKind>(ctx: WorkflowContext, kind: K, id: string): Promise<RecordMap[K]> {
  const record = await ctx.store.getRecord(kind, id);
  if (!record) throw notFound(kind, id);
  return record;
}

/**
 * Rule W-CONC-2: when the caller says which rev they saw, a record that moved on since is a
 * conflict before anything else is checked, so the member sees what changed rather than a
 * refusal based on a record they have not seen.
 */
export function checkExpectedRev<K extends RecordKind>(kind: K, record: RecordMap[K], expectedRev: number | undefined): void {
  if (expectedRev !== undefined && expectedRev !== record.rev) throw new RecordConflictError(kind, record.id, expectedRev, record);
}
