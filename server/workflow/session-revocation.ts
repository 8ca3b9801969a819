import type { AnyNewEvent, RecordChange, Session } from '../domain/index.js';
import { recordEvent } from './record-event.js';
import { sessionRef } from './secret-tokens.js';
import type { WorkflowContext } from './workflow-context.js';

/** A session as the event log may show it: named by its reference, never by its id. */
export function publicSessionView(session: Session) {
  const { id, ...rest } = session;
  return { ref: sessionRef(id), ...rest };
}

/**
 * The changes and events that end sessions, for a command to commit together with its own
 * change: disabling a member and ending their sessions happen at once or not at all.
 */
export function sessionRemovals(sessions: readonly Session[], actor: string, at: Date): { changes: RecordChange[]; events: AnyNewEvent[] } {
  return {
    changes: sessions.map((session) => ({ kind: 'session', id: session.id, expectedRev: session.rev, remove: true })),
    events: sessions.map((session) =>
      recordEvent('sessions.revoke', { type: 'session', id: sessionRef(session.id) }, { before: publicSessionView(session), after: null }, actor, at, {
        memberId: session.memberId,
      }),
    ),
  };
}

/** Every session of a member, except the one named (the browser that asked for the change). */
export async function sessionsOf(ctx: WorkflowContext, memberId: string, exceptSessionId: string | null = null): Promise<Session[]> {
  const sessions = await ctx.store.listRecords('session', { memberId });
  return sessions.filter((session) => session.id !== exceptSessionId);
}
