import type { Principal, Review, Role } from '../domain/index.js';
import { WorkflowError } from './workflow-errors.js';

/**
 * The role policy (docs/workflow.md, rules W-ROLE-*): one pure function the HTTP layer calls
 * before every command and that presents to the board, so buttons a member may not use hide.
 */
export const ACTIONS = [
  'board.read',
  'members.manage',
  'tokens.manage',
  'sources.manage',
  'beats.manage',
  'opportunities.pitch',
  'opportunities.claim',
  'opportunities.assign',
  'opportunities.dismiss',
  'opportunities.watch',
  'drafts.write',
  'drafts.submit',
  'reviews.decide',
  'posts.schedule',
  'posts.cancel',
  'posts.override',
  'posts.confirm',
  'accounts.manage',
  'comments.create',
  'audit.export',
  'dashboard.read',
  'items.erase',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Who may, by role. `any` is every signed-in member or token. */
const ROLES_FOR: Record<Action, readonly Role[] | 'any'> = {
  'board.read': 'any',
  'members.manage': ['admin'],
  'tokens.manage': ['admin'],
  'sources.manage': ['admin'],
  'beats.manage': ['editor', 'admin'],
  'opportunities.pitch': ['editor'],
  'opportunities.claim': ['editor'],
  'opportunities.assign': ['editor', 'admin'],
  'opportunities.dismiss': ['editor', 'admin'],
  'opportunities.watch': 'any',
  'drafts.write': ['editor'],
  'drafts.submit': ['editor'],
  'reviews.decide': ['legal', 'comms'],
  'posts.schedule': ['social'],
  'posts.cancel': ['social'],
  'posts.override': ['social'],
  // W-PUB-7, W-PUB-8: say a post went out by hand, or whether a cut-off send arrived.
  'posts.confirm': ['social'],
  // Social managers run the accounts they post through; admins hold the keys to everything.
  'accounts.manage': ['social', 'admin'],
  'comments.create': 'any',
  'audit.export': ['legal', 'admin'],
  // The dashboard's figures are counts and durations of what every member already sees on the
  // board (no member's words, no credentials), and managers read them through tokens: anyone.
  'dashboard.read': 'any',
  // Issue 9: erasing an author's items on request removes data for good.
  'items.erase': ['admin'],
};

/** What a record-level rule needs to know beyond the principal's roles. */
export interface PolicyContext {
  /** For reviews.decide: the review, and every member who wrote a version of its draft. */
  review?: Pick<Review, 'role'>;
  draftAuthorIds?: readonly string[];
}

export type Decision = { allowed: true } | { allowed: false; reason: string };

export function check(principal: Principal, action: Action, context: PolicyContext = {}): Decision {
  const roles = ROLES_FOR[action];
  if (roles !== 'any' && !roles.some((role) => principal.roles.includes(role))) {
    return { allowed: false, reason: `${describe(action)} needs the ${roles.join(' or ')} role; you have ${principal.roles.join(', ')}` };
  }
  if (action === 'reviews.decide' && context.review) {
    // W-REV-4: a review is decided by its own role only.
    if (!principal.roles.includes(context.review.role)) {
      return { allowed: false, reason: `this is a ${context.review.role} review; you have ${principal.roles.join(', ')}` };
    }
    // W-REV-5: nobody approves a draft they wrote.
    if (context.draftAuthorIds?.includes(principal.id)) {
      return { allowed: false, reason: 'you wrote a version of this draft, so someone else must review it' };
    }
  }
  return { allowed: true };
}

export function can(principal: Principal, action: Action, context?: PolicyContext): boolean {
  return check(principal, action, context).allowed;
}

/** Throws the 403 a route answers with when the policy says no. */
export function authorize(principal: Principal, action: Action, context?: PolicyContext): void {
  const decision = check(principal, action, context);
  if (!decision.allowed) throw new WorkflowError('forbidden', decision.reason, { action });
}

/** The actions a principal may take, for the board to show or hide its buttons. */
export function allowedActions(principal: Principal, context?: PolicyContext): Action[] {
  return ACTIONS.filter((action) => can(principal, action, context));
}

function describe(action: Action): string {
  const [noun, verb] = action.split('.');
  return `${verb} on ${noun}`;
}
