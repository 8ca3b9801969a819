import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { InlineForm } from './inline-form.js';

/**
 * Asks why before dismissing: the API refuses a dismissal without a reason, and the reason is
 * what the team reads later in the audit trail. Escape or Cancel closes it without a change.
 */
export function DismissForm({ title, onDismiss, onCancel }: { title: string; onDismiss(reason: string): Promise<boolean>; onCancel(): void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [reason, setReason] = useState('');
  useEffect(() => input.current?.focus(), []);
  return (
    <InlineForm
      className="dismiss-form"
      label={`Dismiss “${title}”`}
      ready={reason.trim() !== ''}
      submitText="Dismiss"
      busyText="Dismissing…"
      submitClass="btn-danger"
      submitTestId="dismiss-confirm"
      onSubmit={() => onDismiss(reason.trim())}
      onCancel={onCancel}
    >
      <label class="inline-label" for={`${id}-reason`}>
        Why dismiss it?
      </label>
      <input
        ref={input}
        id={`${id}-reason`}
        class="inline-input"
        data-testid="dismiss-reason"
        type="text"
        required
        maxLength={1000}
        placeholder="Off-brand, already covered, too risky…"
        value={reason}
        onInput={(event) => setReason(event.currentTarget.value)}
      />
    </InlineForm>
  );
}
