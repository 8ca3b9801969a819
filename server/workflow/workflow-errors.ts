/**
 * Why a command was refused, in words a member can act on. The HTTP layer maps each code to its
 * status (not_found 404, forbidden 403, invalid_state 409, invalid 400, unauthenticated 401).
 */
export type WorkflowErrorCode = 'not_found' | 'forbidden' | 'invalid_state' | 'invalid' | 'unauthenticated';

export class WorkflowError extends Error {
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
    /** For invalid_state: `{ state, record }`; for invalid: `{ fields: [{ field, message }] }`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'WorkflowError';
  }
}

export function notFound(kind: string, id: string): WorkflowError {
  return new WorkflowError('not_found', `no ${kind} ${id}`);
}

export function invalidField(field: string, message: string): WorkflowError {
  return new WorkflowError('invalid', `${field}: ${message}`, { fields: [{ field, message }] });
}
