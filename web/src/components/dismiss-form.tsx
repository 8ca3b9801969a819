import { useEffect, useId, useRef, useState } from 'preact/hooks';
import '../styles/controls.css';

/**
 * Asks why before dismissing: the API refuses a dismissal without a reason, and the reason is
 * what the team reads later in the audit trail. Escape or Cancel closes it without a change.
 */
export function DismissForm({ title, onDismiss, onCancel }: { title: string; onDismiss(reason: string): Promise<boolean>; onCancel(): void }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      class="inline-form dismiss-form"
      aria-label={`Dismiss “${title}”`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
      onSubmit={(event) => {
        event.preventDefault();
        if (busy || !reason.trim()) return;
        setBusy(true);
        void onDismiss(reason.trim()).then((done) => {
          if (!done) setBusy(false);
        });
      }}
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
      <div class="inline-buttons">
        <button type="submit" class="btn btn-danger" data-testid="dismiss-confirm" disabled={busy || !reason.trim()}>
          {busy ? 'Dismissing…' : 'Dismiss'}
        </button>
        <button type="button" class="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
