import { diffWords } from 'diff';
import type { Draft } from '../domain/index.js';
import { invalidField } from './workflow-errors.js';

/** One run of words between two versions. */
export interface DiffPart {
  type: 'added' | 'removed' | 'same';
  text: string;
}

/** A word diff (jsdiff's diffWords): what a reviewer reads to see what changed since they last looked. */
export function diffTexts(from: string, to: string): DiffPart[] {
  return diffWords(from, to).map((change) => ({ type: change.added ? 'added' : change.removed ? 'removed' : 'same', text: change.value }));
}

export interface DraftDiff {
  draftId: string;
  from: number;
  to: number;
  parts: DiffPart[];
}

/**
 * Rule W-DRAFT-6: the diff between two versions of a draft. Without `to`, the latest version;
 * without `from`, the one before `to` (or the same one, for a first version).
 */
export function diffDraftVersions(draft: Draft, from?: number, to?: number): DraftDiff {
  const latest = draft.versions.at(-1)!.version;
  const toVersion = to ?? latest;
  const fromVersion = from ?? Math.max(1, toVersion - 1);
  const versionText = (field: 'from' | 'to', version: number) => {
    const found = draft.versions.find((v) => v.version === version);
    if (!found) throw invalidField(field, `this draft has versions 1 to ${latest}; there is no version ${version}`);
    return found.text;
  };
  return { draftId: draft.id, from: fromVersion, to: toVersion, parts: diffTexts(versionText('from', fromVersion), versionText('to', toVersion)) };
}
