/**
 * `--every 30s|5m|1h|1d` as a node-cron expression. Only steps that divide their unit evenly are
 * taken: cron restarts a step at each minute, hour or day, so `*\/7` minutes would fire at :56 and
 * again at :00.
 */
export function everyToCron(every: string): string {
  const match = /^(\d+)\s*(s|m|h|d)$/i.exec(every.trim());
  if (!match) throw new Error(`"${every}" is not an interval; use a number and a unit, such as 30s, 5m, 1h or 1d`);
  const n = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  const even = (span: number) => n >= 1 && n <= span && span % n === 0;
  const step = (span: number) => (n === 1 ? '*' : `*/${n}`);
  if (unit === 's' && even(60)) return `${step(60)} * * * * *`;
  if (unit === 'm' && even(60)) return `${step(60)} * * * *`;
  if (unit === 'h' && even(24)) return `0 ${step(24)} * * *`;
  if (unit === 'd' && n === 1) return '0 0 * * *';
  const choices = { s: 'seconds that divide 60 (1, 2, 5, 10, 15, 20, 30)', m: 'minutes that divide 60 (1, 5, 10, 15, 30...)', h: 'hours that divide 24 (1, 2, 3, 4, 6, 8, 12)', d: '1d' }[unit];
  throw new Error(`"${every}" does not repeat evenly; use ${choices}, or give a cron expression with --schedule`);
}
