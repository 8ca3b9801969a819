import { messageOf } from '../auth-screens.js';
import type { BoardContextValue } from '../board-context.js';

/**
 * Runs one command of the workflow and tells the member only what they would not see anyway:
 * a failure in words, or `done` when the result lands somewhere off screen. The record itself
 * arrives through the event stream, so nothing is patched locally.
 */
export async function attempt(toast: BoardContextValue['toast'], command: () => Promise<unknown>, done?: string): Promise<boolean> {
  try {
    await command();
    if (done) toast(done);
    return true;
  } catch (error) {
    toast(messageOf(error), 'error');
    return false;
  }
}
