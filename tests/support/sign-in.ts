import type { Member, Role } from '../../server/domain/index.js';
import type { Store } from '../../server/store/store.js';
import { createApiToken } from '../../server/workflow/api-token-commands.js';
import { addMember } from '../../server/workflow/member-commands.js';
import { createWorkflowContext } from '../../server/workflow/workflow-context.js';

/** A password every test member gets unless a test is about passwords. */
export const TEST_PASSWORD = 'tide-tables-at-dawn';

export interface TestMemberOptions {
  email?: string;
  name?: string;
  roles?: Role[];
  password?: string;
}

/** Adds a member straight through the workflow command (the store must be open for writing). */
export async function addTestMember(store: Store, options: TestMemberOptions = {}): Promise<Member> {
  const { member } = await addMember(
    createWorkflowContext(store),
    {
      email: options.email ?? 'editor@newsroom.example',
      name: options.name ?? 'Eda Editor',
      roles: options.roles ?? ['editor'],
      password: options.password ?? TEST_PASSWORD,
    },
    'system',
  );
  return member;
}

/** What a signed-in browser sends: the session cookie, and the CSRF token writes need. */
export interface SessionHeaders {
  cookie: string;
  'x-csrf-token': string;
  [name: string]: string;
}

/** An app to call in-process (`createApp(...)`), or the base URL of a listening server. */
export type HttpTarget = { request(path: string, init?: RequestInit): Response | Promise<Response> } | string;

export async function send(target: HttpTarget, path: string, init: RequestInit = {}): Promise<Response> {
  return typeof target === 'string' ? fetch(new URL(path, target), init) : target.request(path, init);
}

/** The `name=value` of the session cookie a response sets, or null. */
export function sessionCookieOf(response: Response): string | null {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('tw_session='));
  return cookie ? cookie.split(';')[0]! : null;
}

/** Signs in through the real route, as the board does, and returns the headers to send afterwards. */
export async function signIn(target: HttpTarget, email: string, password: string = TEST_PASSWORD): Promise<SessionHeaders> {
  const response = await send(target, '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in as ${email} answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { csrfToken: string };
  const cookie = sessionCookieOf(response);
  if (!cookie) throw new Error(`sign-in as ${email} set no session cookie`);
  return { cookie, 'x-csrf-token': body.csrfToken };
}

/** Adds a member and signs them in: the usual first two lines of an HTTP test. */
export async function signInAsNewMember(target: HttpTarget, store: Store, options: TestMemberOptions = {}): Promise<{ member: Member; headers: SessionHeaders }> {
  const member = await addTestMember(store, options);
  return { member, headers: await signIn(target, member.email, options.password ?? TEST_PASSWORD) };
}

/** An API token's Authorization header, for tests that act as an integration. */
export async function apiTokenHeaders(store: Store, roles: Role[] = ['admin'], name = 'test integration'): Promise<{ authorization: string }> {
  const { secret } = await createApiToken(createWorkflowContext(store), { name, roles }, 'system');
  return { authorization: `Bearer ${secret}` };
}
