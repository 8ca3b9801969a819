import type { RecordKind } from '../domain/index.js';
import { RecordConflictError } from '../store/store-errors.js';

const ATTEMPTS = 3;

/**
 * Rule W-CONC-4: runs a command again when it lost a race on a record the caller did not name:
 * legal and comms approving one draft at the same moment both touch the draft and the
 * opportunity (W-CONC-3), and neither should be told to retry what the server can retry. The
 * second run reads everything afresh and checks every guard again. A race on the record the
 * caller named (two claims, two decisions of one review) is the caller's to see: a 409.
 */
export async function retryOnConflict<T>(named: { kind: RecordKind; id: string } | null, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RecordConflictError) || n >= ATTEMPTS) throw error;
      if (named && error.kind === named.kind && error.id === named.id) throw error;
    }
  }
}
