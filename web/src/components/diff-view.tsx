import type { DiffPart } from '../api.js';
import '../styles/diff-view.css';

/**
 * A word diff as text: added runs in <ins>, removed runs in <del>. Underline and strike-through
 * tell them apart without colour, and the stylesheet gives screen readers "added"/"removed"
 * around each run. Member text is never markup here: every run is a text node.
 */
export function DiffView({ parts, label }: { parts: readonly DiffPart[]; label: string }) {
  const changed = parts.some((part) => part.type !== 'same');
  return (
    <figure class="diff-view" data-testid="diff-view" data-changed={String(changed)}>
      <figcaption class="diff-caption">
        <span>{label}</span>
        <span class="diff-legend" aria-hidden="true">
          <ins>added</ins> <del>removed</del>
        </span>
      </figcaption>
      {changed ? (
        <p class="diff-text">
          {parts.map((part, index) =>
            part.type === 'added' ? <ins key={index}>{part.text}</ins> : part.type === 'removed' ? <del key={index}>{part.text}</del> : <span key={index}>{part.text}</span>,
          )}
        </p>
      ) : (
        <p class="diff-text diff-none">The words are the same.</p>
      )}
    </figure>
  );
}
