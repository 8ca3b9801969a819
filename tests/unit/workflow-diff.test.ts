import { describe, expect, it } from 'vitest';
import { diffDraftVersions, diffTexts } from '../../server/workflow/draft-diff.js';
import { WorkflowError } from '../../server/workflow/workflow-errors.js';
import { buildDraft } from '../support/builders.js';

describe('draft diffs (rule W-DRAFT-6)', () => {
  it('W-DRAFT-6: a word diff marks what was added, removed and kept', () => {
    const parts = diffTexts('The bridge is closed today', 'The bridge reopens today');
    expect(parts.filter((p) => p.type === 'removed').map((p) => p.text.trim())).toEqual(['is closed']);
    expect(parts.filter((p) => p.type === 'added').map((p) => p.text.trim())).toEqual(['reopens']);
    expect(parts.filter((p) => p.type === 'same').map((p) => p.text).join('')).toContain('The bridge');
  });

  it('W-DRAFT-6: identical texts are one run of the same words', () => {
    expect(diffTexts('same words', 'same words')).toEqual([{ type: 'same', text: 'same words' }]);
  });

  it('W-DRAFT-6: by default compares the latest version with the one before', () => {
    const draft = buildDraft('d-1', {
      versions: [1, 2, 3].map((version) => ({ version, text: `version ${version} text`, contentHash: `h${version}`, authorId: 'ed', createdAt: '2026-11-01T08:00:00.000Z' })),
    });
    const diff = diffDraftVersions(draft);
    expect([diff.from, diff.to]).toEqual([2, 3]);
    expect(diff.parts.find((p) => p.type === 'added')?.text).toBe('3');
    expect(diffDraftVersions(draft, 1, 3).parts.find((p) => p.type === 'removed')?.text).toBe('1');
  });

  it('W-DRAFT-6: a version that does not exist is a 400 naming the field', () => {
    expect(() => diffDraftVersions(buildDraft('d-1'), 1, 4)).toThrow(WorkflowError);
    expect(() => diffDraftVersions(buildDraft('d-1'), 1, 4)).toThrow(/to: this draft has versions 1 to 1; there is no version 4/);
  });
});
