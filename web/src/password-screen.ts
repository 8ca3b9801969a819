import { changePassword } from './api.js';
import { errorLine, field, input, messageOf, onSubmit, showAuthCard } from './auth-card.js';
import { el } from './dom.js';

/** The server's rule, repeated here only to answer sooner: the server checks it again. */
const PASSWORD_MIN = 12;

export interface PasswordScreenOptions {
  memberName: string;
  onChanged(): void;
  onSignOut(): void;
}

/** Shown after signing in with a one-time password: nothing else works until the member chooses their own. */
export function showPasswordChange(root: HTMLElement, { memberName, onChanged, onSignOut }: PasswordScreenOptions): void {
  const current = input('currentPassword', 'password', 'current-password', 'current-password');
  const next = input('newPassword', 'password', 'new-password', 'new-password');
  const repeat = input('repeatPassword', 'password', 'new-password', 'repeat-password');
  const error = errorLine('password-error');
  const button = el('button', { className: 'auth-submit', text: 'Save my password', attrs: { type: 'submit', 'data-testid': 'password-submit' } });
  const signOut = el('button', { className: 'auth-link', text: 'Sign out', attrs: { type: 'button' } });
  signOut.addEventListener('click', onSignOut);

  const form = el('form', { className: 'auth-form', attrs: { 'data-testid': 'password-form', novalidate: '' } }, [
    field('One-time password', current, 'The password you were given.'),
    field('New password', next, `At least ${PASSWORD_MIN} characters. A few unrelated words work well.`),
    field('New password again', repeat),
    error.node,
    button,
    signOut,
  ]);
  onSubmit(form, button, 'Saving…', async () => {
    error.show(null);
    if (next.value.length < PASSWORD_MIN) return error.show(`Use at least ${PASSWORD_MIN} characters for the new password.`);
    if (next.value !== repeat.value) return error.show('The two new passwords differ. Type the same password twice.');
    try {
      await changePassword(current.value, next.value);
      onChanged();
    } catch (failure) {
      error.show(messageOf(failure));
    }
  });
  showAuthCard(root, 'choose-password', 'Choose your password', `Welcome, ${memberName}. You signed in with a one-time password; choose your own to continue.`, form);
  current.focus();
}
