import { ApiError } from './api.js';
import { el, replaceChildren } from './dom.js';

/** The frame of the screens before the board: the brand, a title, a form. Replaces the page. */
export function showAuthCard(root: HTMLElement, testId: string, title: string, intro: string, form: HTMLFormElement): void {
  root.removeAttribute('data-loaded');
  replaceChildren(root, [
    el('main', { className: 'auth-screen' }, [
      el('section', { className: 'auth-card', attrs: { 'data-testid': testId, 'aria-labelledby': `${testId}-title` } }, [
        el('p', { className: 'auth-brand', text: 'Tidewatch' }),
        el('h1', { className: 'auth-title', text: title, attrs: { id: `${testId}-title` } }),
        el('p', { className: 'auth-intro', text: intro }),
        form,
      ]),
    ]),
  ]);
}

export function field(label: string, input: HTMLInputElement, hint?: string): HTMLElement {
  return el('label', { className: 'auth-field' }, [
    el('span', { className: 'auth-label', text: label }),
    input,
    hint ? el('span', { className: 'auth-hint', text: hint }) : null,
  ]);
}

export function input(name: string, type: 'email' | 'password', autocomplete: string, testId: string): HTMLInputElement {
  return el('input', { attrs: { name, type, autocomplete, required: '', 'data-testid': testId, spellcheck: 'false' } });
}

/** The line that tells what went wrong, as text: the server's words never become markup. */
export function errorLine(testId: string): { node: HTMLElement; show(message: string | null): void } {
  const node = el('p', { className: 'auth-error', attrs: { role: 'alert', 'data-testid': testId, hidden: '' } });
  return {
    node,
    show(message) {
      node.hidden = message === null;
      node.textContent = message ?? '';
    },
  };
}

/** Runs a submit once at a time: the button is disabled and says what is happening meanwhile. */
export function onSubmit(form: HTMLFormElement, button: HTMLButtonElement, busyText: string, action: () => Promise<void>): void {
  const idleText = button.textContent ?? '';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    button.textContent = busyText;
    form.setAttribute('aria-busy', 'true');
    action().finally(() => {
      button.disabled = false;
      button.textContent = idleText;
      form.removeAttribute('aria-busy');
    });
  });
}

/** What to tell a member about a failed call: the server's message when it sent one. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === null) return 'Cannot reach the Tidewatch server. Check your connection and try again.';
    if (error.serverMessage) return capitalise(error.serverMessage);
  }
  return `Something went wrong: ${(error as Error).message}. Try again.`;
}

/** Server messages are clauses ("the email … is not right"); on screen they read as sentences. */
function capitalise(text: string): string {
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
