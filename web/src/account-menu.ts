import { el, replaceChildren } from './dom.js';

/** The signed-in member's name and a sign-out button, in the masthead. */
export function showAccount(container: HTMLElement, name: string, onSignOut: () => Promise<void>): void {
  const button = el('button', { className: 'account-sign-out', text: 'Sign out', attrs: { type: 'button', 'data-testid': 'sign-out' } });
  button.addEventListener('click', () => {
    button.disabled = true;
    button.textContent = 'Signing out…';
    void onSignOut().finally(() => {
      button.disabled = false;
      button.textContent = 'Sign out';
    });
  });
  replaceChildren(container, [el('span', { className: 'account-name', text: name, attrs: { 'data-testid': 'account-name', title: `Signed in as ${name}` } }), button]);
}
