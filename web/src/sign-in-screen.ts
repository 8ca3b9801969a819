import type { SignInResult } from '../../server/realtime/protocol.js';
import { signIn } from './api.js';
import { errorLine, field, input, messageOf, onSubmit, showAuthCard } from './auth-card.js';
import { el } from './dom.js';

export interface SignInOptions {
  /** Why the member sees this screen again (their session ended), or null on a first visit. */
  reason: string | null;
  onSignedIn(result: SignInResult): void;
}

/** Email and password; the server's refusal (wrong password, too many attempts) is shown as it says it. */
export function showSignIn(root: HTMLElement, { reason, onSignedIn }: SignInOptions): void {
  const email = input('email', 'email', 'username', 'sign-in-email');
  const password = input('password', 'password', 'current-password', 'sign-in-password');
  const error = errorLine('sign-in-error');
  const button = el('button', { className: 'auth-submit', text: 'Sign in', attrs: { type: 'submit', 'data-testid': 'sign-in-submit' } });
  const form = el('form', { className: 'auth-form', attrs: { 'data-testid': 'sign-in-form', novalidate: '' } }, [
    field('Email', email),
    field('Password', password),
    error.node,
    button,
  ]);
  onSubmit(form, button, 'Signing in…', async () => {
    error.show(null);
    if (!email.value.trim() || !password.value) {
      error.show('Enter your email and your password.');
      return;
    }
    try {
      onSignedIn(await signIn(email.value.trim(), password.value));
    } catch (failure) {
      error.show(messageOf(failure));
      password.select();
    }
  });
  showAuthCard(root, 'sign-in', 'Sign in', reason ?? 'Sign in to see the live board. Ask an admin if you have no account yet.', form);
  email.focus();
}
