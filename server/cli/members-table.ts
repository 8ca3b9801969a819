import type { Member } from '../domain/index.js';

const COLUMNS = ['EMAIL', 'NAME', 'ROLES', 'DISABLED'] as const;

/** Members as an aligned plain-text table, sorted by email, for `tidewatch members list`. */
export function membersTable(members: readonly Member[]): string {
  const rows = [...members]
    .sort((a, b) => a.email.localeCompare(b.email))
    .map((member) => [member.email, member.name, member.roles.join(', '), member.disabled ? 'yes' : 'no']);
  const all = [[...COLUMNS], ...rows];
  const widths = COLUMNS.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  return all.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}
