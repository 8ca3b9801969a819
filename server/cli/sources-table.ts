import { healthWithDefaults, type Source } from '../domain/index.js';

/** `3 min ago`, `in 2 h`: how far a time is from now, in words that fit a column. */
export function relativeTime(at: string | null, now: Date): string {
  if (at === null) return '—';
  const ms = Date.parse(at) - now.getTime();
  const abs = Math.abs(ms);
  const words = abs < 60_000 ? `${Math.round(abs / 1000)} s` : abs < 3_600_000 ? `${Math.round(abs / 60_000)} min` : abs < 172_800_000 ? `${Math.round(abs / 3_600_000)} h` : `${Math.round(abs / 86_400_000)} d`;
  return ms < 0 ? `${words} ago` : `in ${words}`;
}

/** Every source with its health, one line each, for `tidewatch sources list`. */
export function sourcesTable(sources: readonly Source[], now: Date): string {
  const header = ['ID', 'KIND', 'STATUS', 'LAST SUCCESS', 'NEXT POLL', 'ITEMS/H', 'LAST ERROR'];
  const rows = [...sources]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((source) => {
      const health = healthWithDefaults(source.health);
      const status = !source.enabled ? 'paused' : health.status;
      const pushed = source.kind === 'webhook';
      return [
        source.id,
        source.kind,
        status,
        relativeTime(health.lastSuccessAt, now),
        !source.enabled ? '—' : pushed ? 'pushed' : health.nextPollAt === null ? 'at start' : relativeTime(health.nextPollAt, now),
        String(health.itemsPerHour),
        health.lastError ?? (health.warnings.length > 0 ? `warning: ${health.warnings.join('; ')}` : ''),
      ];
    });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
