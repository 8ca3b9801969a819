import { formatCount, formatMinutes } from '../dashboard-format.js';
import { REACTION_STEPS } from '../dashboard-figures.js';
import type { ReactionSpeedRow } from '../dashboard-wire.js';

/** Median and p90 of each reaction step for a group of rows (weeks, beats or channels). */
export function SpreadTable({ rows, groupLabel, caption, testid, labelOf = (row) => row.label }: { rows: readonly ReactionSpeedRow[]; groupLabel: string; caption: string; testid: string; labelOf?: (row: ReactionSpeedRow) => string }) {
  return (
    <div class="dashboard-table-scroll">
      <table class="dashboard-table" data-testid={testid}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{groupLabel}</th>
            {REACTION_STEPS.map((step) => (
              <th key={step.key} scope="col" title={`From the story's first item to ${step.label.toLowerCase()}: median, and the time 9 in 10 stayed under`}>
                {step.label}
                <span class="dashboard-table-sub">median · p90</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.group} data-testid="speed-row" data-group={row.group}>
              <th scope="row">{labelOf(row)}</th>
              {REACTION_STEPS.map(({ key }) => {
                const spread = row[key];
                return (
                  <td key={key} data-step={key} data-median={spread.median ?? ''} title={`${formatCount(spread.count)} measured`}>
                    <strong>{formatMinutes(spread.median)}</strong>
                    <span class="dashboard-p90"> · {formatMinutes(spread.p90)}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
