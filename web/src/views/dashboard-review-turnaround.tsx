import { countOf, formatCount, formatMinutes } from '../dashboard-format.js';
import type { Dashboard } from '../dashboard-wire.js';
import { ChartFrame } from './dashboard-chart.js';

const ROLE_LABELS: Record<string, string> = { legal: 'Legal', comms: 'Comms' };

/** How long legal and comms took to decide, and how many reviews went past their due time. */
export function ReviewTurnaroundChart({ dashboard, query }: { dashboard: Dashboard; query: string }) {
  const reviews = dashboard.caughtMissed.reviews;
  const any = reviews.some((row) => row.decided > 0 || row.overdue > 0);
  return (
    <ChartFrame
      chart="review-turnaround"
      title="Review turnaround"
      explanation="Time from a review's opening to its decision, per role, and how many reviews went overdue."
      query={query}
      empty={any ? null : 'No reviews were opened or decided in this period: widen the range or pick another beat.'}
    >
      <div class="dashboard-table-scroll">
        <table class="dashboard-table" data-testid="review-turnaround">
          <caption class="visually-hidden">Review turnaround per role</caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Decided</th>
              <th scope="col">Median</th>
              <th scope="col">p90</th>
              <th scope="col">Overdue</th>
            </tr>
          </thead>
          <tbody>
            {reviews.map((row) => (
              <tr key={row.role} data-testid="turnaround-row" data-role={row.role} data-overdue={row.overdue}>
                <th scope="row">{ROLE_LABELS[row.role] ?? row.role}</th>
                <td>{formatCount(row.decided)}</td>
                <td>
                  <strong>{formatMinutes(row.turnaround.median)}</strong>
                </td>
                <td>{formatMinutes(row.turnaround.p90)}</td>
                <td class={row.overdue > 0 ? 'dashboard-warn' : undefined}>{row.overdue > 0 ? countOf(row.overdue, 'review') : 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartFrame>
  );
}
