import type { Member } from '../domain/index.js';
import { notFound } from './workflow-errors.js';
import type { WorkflowContext } from './workflow-context.js';

/** Emails are compared without case or surrounding spaces: `Ana@X.org` and `ana@x.org` are one member. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findMemberByEmail(ctx: WorkflowContext, email: string): Promise<Member | null> {
  const wanted = normalizeEmail(email);
  const members = await ctx.store.listRecords('member');
  return members.find((member) => normalizeEmail(member.email) === wanted) ?? null;
}

export async function requireMember(ctx: WorkflowContext, id: string): Promise<Member> {
  const member = await ctx.store.getRecord('member', id);
  if (!member) throw notFound('member', id);
  return member;
}

export function isEnabledAdmin(member: Member): boolean {
  return !member.disabled && member.roles.includes('admin');
}
