import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Member } from '../../../server/realtime/protocol.js';
import { InlineForm } from './inline-form.js';

/** Only editors write drafts, so only they may hold an opportunity (the server says the same). */
export function assignableMembers(members: readonly Member[]): Member[] {
  return members.filter((member) => !member.disabled && member.roles.includes('editor'));
}

/** Picks the editor to hand an opportunity to. */
export function AssignForm({ title, members, holderId, onAssign, onCancel }: { title: string; members: readonly Member[]; holderId: string | null; onAssign(memberId: string): Promise<boolean>; onCancel(): void }) {
  const id = useId();
  const select = useRef<HTMLSelectElement>(null);
  const editors = assignableMembers(members);
  const [memberId, setMemberId] = useState(editors.find((member) => member.id !== holderId)?.id ?? '');
  useEffect(() => select.current?.focus(), []);
  return (
    <InlineForm
      className="assign-form"
      label={`Assign “${title}”`}
      ready={memberId !== '' && memberId !== holderId}
      submitText="Assign"
      busyText="Assigning…"
      submitClass="btn-primary"
      submitTestId="assign-confirm"
      onSubmit={() => onAssign(memberId)}
      onCancel={onCancel}
    >
      <label class="inline-label" for={`${id}-member`}>
        Assign to
      </label>
      {editors.length === 0 ? (
        <p class="inline-hint">No editor on the team yet: an admin adds members with the editor role.</p>
      ) : (
        <select ref={select} id={`${id}-member`} class="inline-input" data-testid="assign-member" value={memberId} onChange={(event) => setMemberId(event.currentTarget.value)}>
          {editors.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
              {member.id === holderId ? ' (holds it)' : ''}
            </option>
          ))}
        </select>
      )}
    </InlineForm>
  );
}
