// What a figure was measured on, printed first by every benchmark so a pasted result carries it:
// cores and their model, memory, Node, the load average when the script started.
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export function machineLine(): string {
  const cores = cpus();
  const model = (cores[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(0)} GiB`;
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  return `machine: ${cores.length} cores (${model}), ${gib(totalmem())} RAM (${gib(freemem())} free), Node ${process.versions.node}, load average ${load}`;
}

export function printMachine(): void {
  console.log(machineLine());
}
