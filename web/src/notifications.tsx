import { signal } from '@preact/signals';
import type { Notice } from '../../server/realtime/protocol.js';
import { hrefOf } from './router.js';
import { formatClock } from './relative-time.js';

/** Notices kept for the tray; older ones fall off. */
const MAX_NOTICES = 50;
/** How long a toast stays on screen. */
const TOAST_MS = 8_000;

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error' | 'notice';
  href: string | null;
}

export const notices = signal<Notice[]>([]);
export const unread = signal(0);
export const toasts = signal<Toast[]>([]);
let nextToast = 1;

export function showToast(text: string, tone: Toast['tone'] = 'info', href: string | null = null): void {
  const toast = { id: nextToast++, text, tone, href };
  toasts.value = [...toasts.value.slice(-4), toast];
  setTimeout(() => {
    toasts.value = toasts.value.filter((shown) => shown.id !== toast.id);
  }, TOAST_MS);
}

/**
 * A notice from the server: into the tray, onto the screen, and to the desktop when the member
 * allowed it and is looking at another tab (the page itself is enough when it is in front).
 */
export function receiveNotice(notice: Notice): void {
  if (notices.value.some((known) => known.seq === notice.seq && known.kind === notice.kind)) return;
  notices.value = [notice, ...notices.value].slice(0, MAX_NOTICES);
  unread.value += 1;
  const href = notice.opportunityId ? hrefOf({ view: 'opportunity', id: notice.opportunityId }) : null;
  showToast(notice.text, 'notice', href);
  if ('Notification' in window && Notification.permission === 'granted' && document.visibilityState === 'hidden') {
    const desktop = new Notification('Tidewatch', { body: notice.text, tag: `${notice.kind}-${notice.seq}` });
    desktop.onclick = () => {
      window.focus();
      if (href) location.hash = href;
    };
  }
}

export function NoticeTray({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const canAsk = 'Notification' in window && Notification.permission === 'default';
  return (
    <div class="notice-tray">
      <button
        type="button"
        class="tray-button"
        data-testid="notice-tray-button"
        aria-expanded={open}
        aria-controls="notice-list"
        onClick={() => {
          unread.value = 0;
          onToggle();
        }}
      >
        Notices{unread.value > 0 && <span class="tray-count" data-testid="notice-unread">{unread.value}</span>}
      </button>
      {open && (
        <div class="tray-panel" id="notice-list" role="region" aria-label="Notices">
          {canAsk && (
            <button type="button" class="link-button" onClick={() => void Notification.requestPermission()}>
              Also show them on the desktop
            </button>
          )}
          {notices.value.length === 0 ? (
            <p class="empty-hint">Nothing yet. Review requests, escalations, mentions and strong new opportunities show here.</p>
          ) : (
            <ol class="tray-list" data-testid="notices">
              {notices.value.map((notice) => (
                <li key={`${notice.seq}-${notice.kind}`} class={`tray-item notice-${notice.kind.replace('.', '-')}`}>
                  <span class="tray-time">{formatClock(notice.at)}</span>{' '}
                  {notice.opportunityId ? <a href={hrefOf({ view: 'opportunity', id: notice.opportunityId })}>{notice.text}</a> : notice.text}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}

export function Toasts() {
  return (
    <div class="toasts" role="status" aria-live="polite" data-testid="toasts">
      {toasts.value.map((toast) => (
        <div key={toast.id} class={`toast toast-${toast.tone}`} data-testid="toast">
          {toast.href ? <a href={toast.href}>{toast.text}</a> : toast.text}
        </div>
      ))}
    </div>
  );
}
