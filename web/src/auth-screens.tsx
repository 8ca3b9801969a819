import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { SignInResult } from '../../server/realtime/protocol.js';
import { ApiError, changePassword, signIn } from './api.js';

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

/** The frame of the screens before the board: the brand, a title, what to do. */
export function AuthCard({ testId, title, intro, children }: { testId: string; title: string; intro: string; children: ComponentChildren }) {
  return (
    <main class="auth-screen">
      <section class="auth-card" data-testid={testId} aria-labelledby={`${testId}-title`}>
        <p class="auth-brand">Tidewatch</p>
        <h1 class="auth-title" id={`${testId}-title`}>
          {title}
        </h1>
        <p class="auth-intro">{intro}</p>
        {children}
      </section>
    </main>
  );
}

function ErrorLine({ testId, message }: { testId: string; message: string | null }) {
  return (
    <p class="auth-error" role="alert" data-testid={testId} hidden={message === null}>
      {message ?? ''}
    </p>
  );
}

/** Runs one submit at a time; the button says what is happening meanwhile. */
function useSubmit(action: (form: HTMLFormElement) => Promise<void>): { busy: boolean; onSubmit: (event: Event) => void } {
  const [busy, setBusy] = useState(false);
  return {
    busy,
    onSubmit(event) {
      event.preventDefault();
      if (busy) return;
      setBusy(true);
      void action(event.currentTarget as HTMLFormElement).finally(() => setBusy(false));
    },
  };
}

const value = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';

/** Email and password; the server's refusal (wrong password, too many attempts) is shown as it says it. */
export function SignInScreen({ reason, onSignedIn }: { reason: string | null; onSignedIn(result: SignInResult): void }) {
  const [error, setError] = useState<string | null>(null);
  const { busy, onSubmit } = useSubmit(async (form) => {
    setError(null);
    const email = value(form, 'email').trim();
    const password = value(form, 'password');
    if (!email || !password) return setError('Enter your email and your password.');
    try {
      onSignedIn(await signIn(email, password));
    } catch (failure) {
      setError(messageOf(failure));
      (form.elements.namedItem('password') as HTMLInputElement).select();
    }
  });
  return (
    <AuthCard testId="sign-in" title="Sign in" intro={reason ?? 'Sign in to see the live board. Ask an admin if you have no account yet.'}>
      <form class="auth-form" data-testid="sign-in-form" noValidate onSubmit={onSubmit} aria-busy={busy}>
        <label class="auth-field">
          <span class="auth-label">Email</span>
          <input name="email" type="email" autocomplete="username" required data-testid="sign-in-email" spellcheck={false} autoFocus />
        </label>
        <label class="auth-field">
          <span class="auth-label">Password</span>
          <input name="password" type="password" autocomplete="current-password" required data-testid="sign-in-password" />
        </label>
        <ErrorLine testId="sign-in-error" message={error} />
        <button class="auth-submit" type="submit" data-testid="sign-in-submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}

/** The server's rule, repeated here only to answer sooner: the server checks it again. */
const PASSWORD_MIN = 12;

/** After signing in with a one-time password: nothing else works until the member chooses their own. */
export function PasswordScreen({ memberName, onChanged, onSignOut }: { memberName: string; onChanged(): void; onSignOut(): void }) {
  const [error, setError] = useState<string | null>(null);
  const { busy, onSubmit } = useSubmit(async (form) => {
    setError(null);
    const next = value(form, 'newPassword');
    if (next.length < PASSWORD_MIN) return setError(`Use at least ${PASSWORD_MIN} characters for the new password.`);
    if (next !== value(form, 'repeatPassword')) return setError('The two new passwords differ. Type the same password twice.');
    try {
      await changePassword(value(form, 'currentPassword'), next);
      onChanged();
    } catch (failure) {
      setError(messageOf(failure));
    }
  });
  return (
    <AuthCard testId="choose-password" title="Choose your password" intro={`Welcome, ${memberName}. You signed in with a one-time password; choose your own to continue.`}>
      <form class="auth-form" data-testid="password-form" noValidate onSubmit={onSubmit} aria-busy={busy}>
        <label class="auth-field">
          <span class="auth-label">One-time password</span>
          <input name="currentPassword" type="password" autocomplete="current-password" required data-testid="current-password" autoFocus />
          <span class="auth-hint">The password you were given.</span>
        </label>
        <label class="auth-field">
          <span class="auth-label">New password</span>
          <input name="newPassword" type="password" autocomplete="new-password" required data-testid="new-password" />
          <span class="auth-hint">{`At least ${PASSWORD_MIN} characters. A few unrelated words work well.`}</span>
        </label>
        <label class="auth-field">
          <span class="auth-label">New password again</span>
          <input name="repeatPassword" type="password" autocomplete="new-password" required data-testid="repeat-password" />
        </label>
        <ErrorLine testId="password-error" message={error} />
        <button class="auth-submit" type="submit" data-testid="password-submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save my password'}
        </button>
        <button class="auth-link" type="button" onClick={onSignOut}>
          Sign out
        </button>
      </form>
    </AuthCard>
  );
}

export function UnreachableScreen({ message, onRetry }: { message: string; onRetry(): void }) {
  return (
    <AuthCard testId="unreachable" title="The board cannot load" intro="">
      <p class="auth-error" role="alert">
        {message}
      </p>
      <button class="auth-submit" type="button" onClick={onRetry}>
        Try again
      </button>
    </AuthCard>
  );
}
