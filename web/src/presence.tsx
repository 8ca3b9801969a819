import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { PresenceEntry, PresenceSet } from '../../server/realtime/protocol.js';
import { useBoardContext } from './board-context.js';

/** Everyone's presence as the server last told it. */
export const presenceEntries = signal<PresenceEntry[]>([]);

/** Where this tab is; the connection sends it whenever it changes and after every reconnect. */
export const ownPresence = signal<PresenceSet | null>(null);

/** Declares what the calling view shows, for as long as it is on screen. */
export function usePresence(kind: PresenceSet['kind'], id: string, editing = false): void {
  useEffect(() => {
    ownPresence.value = { kind, id, editing };
    return () => {
      if (ownPresence.value?.kind === kind && ownPresence.value.id === id) ownPresence.value = null;
    };
  }, [kind, id, editing]);
}

function othersOn(kind: PresenceSet['kind'], id: string, me: string): PresenceEntry[] {
  return presenceEntries.value.filter((entry) => entry.target.kind === kind && entry.target.id === id && entry.memberId !== me);
}

/** "Also here: Rhea (viewing), Ed (editing)". Nothing when the member is alone. */
export function PresenceBar({ kind, id }: { kind: PresenceSet['kind']; id: string }) {
  const { session } = useBoardContext();
  const others = othersOn(kind, id, session.principal.id);
  if (others.length === 0) return null;
  return (
    <p class="presence-bar" data-testid="presence" aria-live="polite">
      <span class="presence-label">Also here:</span>
      {others.map((entry) => (
        <span key={entry.memberId} class={`presence-chip${entry.editing ? ' is-editing' : ''}`} data-testid="presence-member" data-member-id={entry.memberId}>
          {entry.name} ({entry.editing ? 'editing' : 'viewing'})
        </span>
      ))}
    </p>
  );
}

/**
 * The soft lock: nothing stops two people editing one draft (the second save based on an older
 * version is refused and shows the newer text), but each should know the other is typing.
 */
export function SoftLockWarning({ draftId, editing }: { draftId: string; editing: boolean }) {
  const { session } = useBoardContext();
  const editors = othersOn('draft', draftId, session.principal.id).filter((entry) => entry.editing);
  if (editors.length === 0) return null;
  const names = editors.map((entry) => entry.name).join(' and ');
  return (
    <p class="soft-lock" role="alert" data-testid="soft-lock">
      {editing
        ? `${names} ${editors.length === 1 ? 'is' : 'are'} editing this draft too. Agree who types; if you both save, the later save is refused and shows you the other text.`
        : `${names} ${editors.length === 1 ? 'is' : 'are'} editing this draft right now.`}
    </p>
  );
}
