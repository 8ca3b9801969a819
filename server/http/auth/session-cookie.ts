import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { SESSION_LIFETIME_MS } from '../../workflow/session-commands.js';

export const SESSION_COOKIE = 'tw_session';

/**
 * HttpOnly so page scripts never see the token; SameSite=Lax so other sites' forms and fetches
 * do not carry it; Secure whenever the board is reached over https (directly or behind a proxy
 * that says so), so the token never travels in clear once TLS is in place.
 */
function cookieOptions(c: Context): CookieOptions {
  return { httpOnly: true, sameSite: 'Lax', path: '/', secure: isHttps(c) };
}

export function readSessionCookie(c: Context): string | null {
  return getCookie(c, SESSION_COOKIE) ?? null;
}

export function setSessionCookie(c: Context, sessionToken: string): void {
  setCookie(c, SESSION_COOKIE, sessionToken, { ...cookieOptions(c), maxAge: Math.floor(SESSION_LIFETIME_MS / 1000) });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}

function isHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  // Only ever makes the cookie stricter, so trusting a proxy's word here cannot weaken anything.
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}
