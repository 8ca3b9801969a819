import type { Principal } from '../domain/index.js';
import { check, type Action, type PolicyContext } from './policy.js';
import { WorkflowError } from './workflow-errors.js';

/**
 * One check a command makes before it acts, written once and used twice: the command throws what
 * it returns, and the board's `allowed` list shows the verbs whose guard returns null. So a button
 * is shown exactly when the command would accept the click (as the records stand).
 */
export type Guard<S> = (principal: Principal, scene: S) => WorkflowError | null;

/** The 403 the policy gives, or null when the roles allow the action. */
export function denied(principal: Principal, action: Action, context?: PolicyContext): WorkflowError | null {
  const decision = check(principal, action, context);
  return decision.allowed ? null : new WorkflowError('forbidden', decision.reason, { action });
}

export function enforce(refusal: WorkflowError | null): void {
  if (refusal) throw refusal;
}

/** The verbs whose guards let the principal act on the scene. */
export function allowedBy<V extends string, S>(guards: Readonly<Record<V, Guard<S>>>, principal: Principal, scene: S): V[] {
  return (Object.keys(guards) as V[]).filter((verb) => guards[verb](principal, scene) === null);
}
