import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import '../styles/controls.css';

/**
 * The small form an action opens in place (dismiss with a reason, assign to an editor): Escape
 * or Cancel closes it without a change; a submit runs once at a time and keeps the form busy
 * until the command is done (it closes on success, so only a failure frees it again).
 */
export function InlineForm({
  className,
  label,
  ready,
  submitText,
  busyText,
  submitClass,
  submitTestId,
  onSubmit,
  onCancel,
  children,
}: {
  className: string;
  label: string;
  /** Whether the member's input can be sent. */
  ready: boolean;
  submitText: string;
  busyText: string;
  submitClass: string;
  submitTestId: string;
  onSubmit(): Promise<boolean>;
  onCancel(): void;
  children: ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <form
      class={`inline-form ${className}`}
      aria-label={label}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
      onSubmit={(event) => {
        event.preventDefault();
        if (busy || !ready) return;
        setBusy(true);
        void onSubmit().then((done) => {
          if (!done) setBusy(false);
        });
      }}
    >
      {children}
      <div class="inline-buttons">
        <button type="submit" class={`btn ${submitClass}`} data-testid={submitTestId} disabled={busy || !ready}>
          {busy ? busyText : submitText}
        </button>
        <button type="button" class="btn" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
