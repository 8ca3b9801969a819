import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { normalizeEmail } from '../../workflow/member-lookup.js';

/**
 * Failed sign-ins are counted per email and address (someone guessing one member's password)
 * and per address (someone trying many emails). Past either limit, sign-in is refused until the
 * window ends, even with the right password; a success clears the email's count.
 */
export interface SignInLimiter {
  /** Seconds to wait before the next attempt, or 0 when one may be made now. */
  retryAfterSeconds(email: string, address: string): Promise<number>;
  recordFailure(email: string, address: string): Promise<void>;
  recordSuccess(email: string, address: string): Promise<void>;
}

export interface SignInLimits {
  perEmailAndAddress: number;
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perEmailAndAddress: 5, perAddress: 50, windowSeconds: 15 * 60 };

export function createSignInLimiter(limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS): SignInLimiter {
  const byEmail = new RateLimiterMemory({ keyPrefix: 'sign-in-email', points: limits.perEmailAndAddress, duration: limits.windowSeconds });
  const byAddress = new RateLimiterMemory({ keyPrefix: 'sign-in-address', points: limits.perAddress, duration: limits.windowSeconds });
  const emailKey = (email: string, address: string) => `${normalizeEmail(email)}|${address}`;

  const waitFor = (state: RateLimiterRes | null, points: number) =>
    state !== null && state.consumedPoints >= points ? Math.max(1, Math.ceil(state.msBeforeNext / 1000)) : 0;

  return {
    async retryAfterSeconds(email, address) {
      const [emailState, addressState] = await Promise.all([byEmail.get(emailKey(email, address)), byAddress.get(address)]);
      return Math.max(waitFor(emailState, limits.perEmailAndAddress), waitFor(addressState, limits.perAddress));
    },
    async recordFailure(email, address) {
      await Promise.all([consume(byEmail, emailKey(email, address)), consume(byAddress, address)]);
    },
    async recordSuccess(email, address) {
      await byEmail.delete(emailKey(email, address));
    },
  };
}

/** Counts one failure; going over the limit is not an error here, the next attempt is refused. */
async function consume(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
  }
}
