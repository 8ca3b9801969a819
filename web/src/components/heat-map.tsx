import type { HeatGrid } from '../dashboard-heatmap.js';
import { WEEKDAYS } from '../dashboard-heatmap.js';
import '../styles/dashboard.css';

const HOUR_MARKS = new Set([0, 6, 12, 18]);

/**
 * Hours of the week as a table: rows Monday…Sunday, columns 00…23 UTC, each cell shaded by its
 * share of the busiest hour and naming its count in its title and label.
 */
export function HeatMap({ grid, caption }: { grid: HeatGrid; caption: string }) {
  return (
    <div class="heat-map-scroll">
      <table class="heat-map" data-testid="heat-map" data-total={grid.total}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">Day</span>
            </th>
            {grid.rows[0]!.map((cell) => (
              <th key={cell.hour} scope="col" class="heat-hour">
                <span aria-hidden="true">{HOUR_MARKS.has(cell.hour) ? String(cell.hour).padStart(2, '0') : ''}</span>
                <span class="visually-hidden">{`${cell.hour}:00`}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((row, day) => (
            <tr key={day}>
              <th scope="row" class="heat-day">
                <abbr title={WEEKDAYS[day]}>{WEEKDAYS[day]!.slice(0, 3)}</abbr>
              </th>
              {row.map((cell) => (
                <td key={cell.hour} class={`heat-cell heat-${cell.level}`} title={cell.label} aria-label={cell.label} data-testid="heat-cell" data-day={day} data-hour={cell.hour} data-count={cell.count} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
