import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { replayItems } from '../../server/trends/replay/replay.js';
import { readStreamText } from '../../server/trends/replay/stream-item.js';
import { runCli } from '../support/run-cli.js';
import { tempDirs } from '../support/temp-dir.js';

// `tidewatch replay` reads its stream from disk twice (a check, then the items in time order)
// instead of holding it. Whatever the file's shape, it must find what a replay of the same text
// held in memory finds.

const TOPICS = [
  ['Harbour ferry crews walk out in pay strike', 'ferry strike crossings cancelled harbour pay'],
  ['Wildfire near Calder ridge forces evacuations', 'wildfire calder evacuation smoke ridge'],
  ['São Paulo metro line closed after power failure', 'metro são paulo power failure commuters'],
  ['Council approves new cycle lanes on Market Street', 'cycle lanes market street council vote'],
];

/** Items of four topics from a dozen sources over six hours, written out of time order. */
function streamLines(): string[] {
  const lines: string[] = [];
  for (let i = 0; i < 240; i++) {
    const [title, words] = TOPICS[i % TOPICS.length]!;
    const minute = (i * 37) % 360;
    const at = new Date(Date.UTC(2024, 5, 11, 6, minute, i % 60)).toISOString();
    lines.push(JSON.stringify({ id: `item-${i}`, channel: i % 3 === 0 ? 'bluesky' : 'news', source: `source-${i % 12}.example`, author: i % 5 === 0 ? null : `writer-${i % 7}`, title: `${title} (${i % 9})`, text: `${words} update ${i % 11}`, publishedAt: at }));
  }
  return lines;
}

describe('tidewatch replay reads its stream from disk', () => {
  const dirs = tempDirs();
  afterEach(dirs.removeAll);

  it('finds what an in-memory replay finds, for an unordered file with long lines, CRLF endings, blank and bad lines and no final newline', () => {
    const lines = streamLines();
    // A line longer than a read (1 MB) of two-byte characters, so reads end inside it and inside a character.
    lines[17] = lines[17]!.replace(/^\{/, `{"notes":"${'é'.repeat(700_000)}",`);
    lines.splice(40, 0, '');
    lines.splice(90, 0, '{"id": "broken"');
    const text = lines.map((line, i) => (i % 4 === 1 ? `${line}\r` : line)).join('\n');
    const dir = dirs.fresh();
    const file = join(dir, 'stream.jsonl');
    writeFileSync(file, text);

    const result = runCli(['replay', file, '--out', join(dir, 'out')]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${file}:91: skipped: not JSON`);
    expect(result.stdout).toMatch(/^Replayed 240 items \(1 malformed line\(s\) skipped\)/m);

    const reader = readStreamText(text);
    expect(reader.items).toHaveLength(240);
    const expected = replayItems(reader.items);
    const written = (name: string) => readFileSync(join(dir, 'out', name), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(written('assignments.jsonl')).toEqual(expected.assignments);
    expect(written('stories.jsonl')).toEqual(expected.stories);
    // The scene holds what the test is about: several stories, items out of file order.
    expect(expected.stories.length).toBeGreaterThan(3);
    expect(expected.assignments.map((a) => a.id)).not.toEqual(reader.items.map((item) => item.id));
  });

  it('replays a file already in time order straight through', () => {
    const lines = streamLines().sort((a, b) => (JSON.parse(a) as { publishedAt: string }).publishedAt.localeCompare((JSON.parse(b) as { publishedAt: string }).publishedAt));
    const text = `${lines.join('\n')}\n`;
    const dir = dirs.fresh();
    const file = join(dir, 'stream.jsonl');
    writeFileSync(file, text);
    const result = runCli(['replay', file, '--out', join(dir, 'out')]);
    expect(result.status, result.stderr).toBe(0);
    const expected = replayItems(readStreamText(text).items);
    const assignments = readFileSync(join(dir, 'out', 'assignments.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
    expect(assignments).toEqual(expected.assignments);
  });
});
