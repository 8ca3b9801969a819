import type { PublishingAccount } from '../domain/index.js';

const COLUMNS = ['ID', 'NAME', 'KIND', 'CHANNEL', 'LABEL', 'DISABLED'] as const;

/** Accounts as an aligned plain-text table, by name, for `tidewatch accounts list`: the label, never the sealed credentials. */
export function accountsTable(accounts: readonly PublishingAccount[]): string {
  const rows = [...accounts]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((account) => [account.id, account.name, account.kind, account.channel, account.label, account.disabled ? 'yes' : 'no']);
  const all = [[...COLUMNS], ...rows];
  const widths = COLUMNS.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  return all.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}
