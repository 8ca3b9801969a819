import cron from 'node-cron';
import { expireOpportunities } from '../workflow/opportunity-commands.js';
import { escalateOverdueReviews } from '../workflow/review-commands.js';
import type { WorkflowContext } from '../workflow/workflow-context.js';

export interface WorkflowSweep {
  /** One pass now: expire what passed its deadline, escalate what is overdue. */
  sweep(): Promise<{ expired: number; escalated: number }>;
  stop(): Promise<void>;
}

/**
 * Time moves the workflow even when nobody clicks: windows close and reviews go overdue. Every
 * `everySeconds` (default 15) one pass runs; passes never overlap.
 */
export function startWorkflowSweep(ctx: WorkflowContext, log: (m: string) => void, everySeconds = 15): WorkflowSweep {
  async function sweep() {
    const now = ctx.clock();
    const expired = (await expireOpportunities(ctx, now)).length;
    const escalated = (await escalateOverdueReviews(ctx, now)).length;
    if (expired > 0) log(`${expired} opportunit${expired === 1 ? 'y' : 'ies'} expired: the window closed before publication.`);
    if (escalated > 0) log(`${escalated} overdue review${escalated === 1 ? '' : 's'} escalated.`);
    return { expired, escalated };
  }
  const task = cron.schedule(
    `*/${everySeconds} * * * * *`,
    () => sweep().catch((error: unknown) => log(`the workflow sweep failed: ${(error as Error).message}; it runs again shortly`)),
    { name: 'workflow-sweep', noOverlap: true },
  );
  return {
    sweep,
    stop: async () => {
      await task.destroy();
    },
  };
}
