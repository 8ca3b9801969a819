import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';

/** What every command needs: the store, the clock (passed in, so tests control time) and ids. */
export interface WorkflowContext {
  store: Store;
  clock: () => Date;
  newId(prefix: string): string;
}

export function createWorkflowContext(store: Store, clock: () => Date = () => new Date()): WorkflowContext {
  return { store, clock, newId: (prefix) => `${prefix}_${randomBytes(9).toString('base64url')}` };
}
