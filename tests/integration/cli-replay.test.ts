import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempDirs } from '../support/temp-dir.js';

// Runs the built command (`npm test` builds first; run `npm run build` before running this file alone).
const SMALL = fileURLToPath(new URL('../fixtures/streams/small.jsonl', import.meta.url));
// The fixture's good items in time order: n2 is 09:45+02:00, the earliest; lines 4 and 10 are malformed.
const IDS_IN_TIME_ORDER = ['n2', 'a1', 'a2', 'a3', 'a4', 'n1', 'a5', 'b1', 'b2', 'b3', 'b4', 'n3'];

const jsonLines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HOUR = 3_600_000;

describe('tidewatch replay', () => {
  const dirs = tempDirs();
  afterEach(dirs.removeAll);

  it('writes one assignment per item read and one line per story', () => {
    const out = join(dirs.fresh(), 'out');
    const result = runCli(['replay', SMALL, '--out', out]);
    expect(result.status, result.stderr).toBe(0);

    const assignments = jsonLines(join(out, 'assignments.jsonl'));
    expect(assignments.map((a) => a['id'])).toEqual(IDS_IN_TIME_ORDER);
    for (const assignment of assignments) {
      expect(Object.keys(assignment).sort()).toEqual(['duplicateOf', 'id', 'story']);
      expect(typeof assignment['story']).toBe('string');
      expect(assignment['duplicateOf'] === null || IDS_IN_TIME_ORDER.includes(assignment['duplicateOf'] as string)).toBe(true);
    }

    const stories = jsonLines(join(out, 'stories.jsonl'));
    const byId = new Map(stories.map((s) => [s['story'] as string, s]));
    // Every story an item is in is listed, once, and every listed story holds items.
    expect(byId.size).toBe(stories.length);
    expect(new Set(assignments.map((a) => a['story']))).toEqual(new Set(byId.keys()));
    const sources = new Map<string, string>(readFileSync(SMALL, 'utf8').split('\n').flatMap((line) => {
      try {
        const item = JSON.parse(line) as { id: string; source: string };
        return [[item.id, item.source] as [string, string]];
      } catch {
        return [];
      }
    }));
    for (const story of stories) {
      expect(Object.keys(story).sort()).toEqual(['firstSeenAt', 'items', 'label', 'peakScore', 'sources', 'story', 'trendingAt', 'windowClosesAt']);
      const members = assignments.filter((a) => a['story'] === story['story']).map((a) => a['id'] as string);
      expect(story['items']).toBe(members.length);
      expect(story['sources']).toBe(new Set(members.map((id) => sources.get(id))).size);
      expect(story['firstSeenAt']).toMatch(ISO);
      expect(typeof story['label']).toBe('string');
      expect(typeof story['peakScore']).toBe('number');
      if (story['trendingAt'] === null) {
        expect(story['windowClosesAt']).toBeNull();
      } else {
        expect(story['trendingAt']).toMatch(ISO);
        expect(Date.parse(story['trendingAt'] as string)).toBeGreaterThanOrEqual(Date.parse(story['firstSeenAt'] as string));
        // The longest default window of its channels: news 8 h, x 2 h (twitter is read as x).
        const hours = members.some((id) => id.startsWith('a') || id === 'n1') ? 8 : members.some((id) => id === 'n2') ? 3 : 2;
        expect(Date.parse(story['windowClosesAt'] as string) - Date.parse(story['trendingAt'] as string)).toBe(hours * HOUR);
        expect(story['peakScore'] as number).toBeGreaterThan(0);
      }
    }
    // Five publishers on one strike within 40 minutes, four accounts on one reopening within 15: something trends.
    expect(stories.some((s) => s['trendingAt'] !== null)).toBe(true);
    // The first story of the stream is the one the earliest item started.
    expect(stories[0]?.['firstSeenAt']).toBe('2024-06-11T07:45:00.000Z');

    expect(existsSync(join(out, 'opportunities.jsonl'))).toBe(false);
    expect(result.stdout).toMatch(/^Replayed 12 items \(2 malformed line\(s\) skipped\) in [\d.]+ s: \d+ stories, \d+ trending; \d+ items\/s; peak memory \d+ MB RSS$/m);
  });

  it('reports each malformed line with its number, counts them and carries on', () => {
    const out = dirs.fresh();
    const result = runCli(['replay', SMALL, '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`${SMALL}:4: skipped: not JSON`);
    expect(result.stderr).toContain(`${SMALL}:10: skipped: publishedAt:`);
    // The blank line 8 is not an error.
    expect(result.stderr).not.toContain(`${SMALL}:8:`);
    expect(result.stderr).toContain(`${SMALL}: 2 malformed line(s) skipped, 12 items read`);
    expect(jsonLines(join(out, 'assignments.jsonl'))).toHaveLength(12);
  });

  it('refuses items it cannot use and keeps the others', () => {
    const dir = dirs.fresh();
    const stream = join(dir, 'stream.jsonl');
    writeFileSync(
      stream,
      [
        JSON.stringify({ id: 'ok', channel: 'reddit', source: 'r/harbour', title: 'Ferry strike day two', publishedAt: '2024-06-11T08:00:00Z', extra: { ignored: true } }),
        JSON.stringify({ id: 'local', channel: 'news', source: 's', title: 't', publishedAt: '2024-06-11 08:00' }),
        JSON.stringify({ id: 'nosource', channel: 'news', title: 't', publishedAt: '2024-06-11T08:00:00Z' }),
        '[1, 2, 3]',
      ].join('\n'),
    );
    const result = runCli(['replay', stream, '--out', join(dir, 'out')]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(`${stream}:2: skipped: publishedAt: publishedAt must be an ISO 8601 time with a zone`);
    expect(result.stderr).toContain(`${stream}:3: skipped: source:`);
    expect(result.stderr).toContain(`${stream}:4: skipped: not a JSON object`);
    expect(jsonLines(join(dir, 'out', 'assignments.jsonl')).map((a) => a['id'])).toEqual(['ok']);
  });

  it('paces the replay with --speed and finds the same stories', () => {
    const instant = dirs.fresh();
    const paced = dirs.fresh();
    expect(runCli(['replay', SMALL, '--out', instant]).status).toBe(0);
    // The stream spans 07:45 → 10:20, 155 minutes; at 7,200 times real time that is 1.3 s.
    const started = Date.now();
    const result = runCli(['replay', SMALL, '--out', paced, '--speed', '7200']);
    const elapsed = Date.now() - started;
    expect(result.status, result.stderr).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(1250);
    expect(readFileSync(join(paced, 'assignments.jsonl'), 'utf8')).toBe(readFileSync(join(instant, 'assignments.jsonl'), 'utf8'));
    expect(readFileSync(join(paced, 'stories.jsonl'), 'utf8')).toBe(readFileSync(join(instant, 'stories.jsonl'), 'utf8'));
    expect(result.stderr).toMatch(/^replayed \d+\/12 items \([\d.]+ %\), \d+ items\/s$/m);
  });

  it('exits 2 on a wrong command line and 1 on an unreadable stream', () => {
    const out = dirs.fresh();
    for (const args of [
      ['replay'],
      ['replay', SMALL],
      ['replay', SMALL, SMALL, '--out', out],
      ['replay', SMALL, '--out', out, '--speed', '0'],
      ['replay', SMALL, '--out', out, '--frobnicate'],
    ]) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^tidewatch: /);
    }
    const missing = runCli(['replay', join(out, 'nope.jsonl'), '--out', out]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`tidewatch: ${join(out, 'nope.jsonl')}: no such file\n`);
    const directory = runCli(['replay', out, '--out', out]);
    expect(directory.status).toBe(1);
    expect(directory.stderr).toContain('not a file');
  });

  it('finds opportunities for beats given either as queries or as collectors’ keywords', () => {
    const dir = dirs.fresh();
    const beats = join(dir, 'beats.json');
    writeFileSync(
      beats,
      JSON.stringify([
        { id: 'transport', name: 'Transport', query: 'ferry AND (strike OR "walk out")' },
        { name: 'Culture Desk', keywords: ['#MuseumReopens', 'maritime museum'] },
        { name: 'Gardening', query: 'tomatoes OR compost' },
      ]),
    );
    const out = join(dir, 'out');
    const result = runCli(['replay', SMALL, '--out', out, '--beats', beats]);
    expect(result.status, result.stderr).toBe(0);
    const stories = new Map(jsonLines(join(out, 'stories.jsonl')).map((s) => [s['story'] as string, s]));
    const assignments = jsonLines(join(out, 'assignments.jsonl'));
    const opportunities = jsonLines(join(out, 'opportunities.jsonl'));
    for (const opportunity of opportunities) {
      expect(Object.keys(opportunity).sort()).toEqual(['beat', 'closesAt', 'openedAt', 'reasons', 'risk', 'score', 'story']);
      const story = stories.get(opportunity['story'] as string);
      // Only trending stories make opportunities, open from their trending time to their window's close.
      expect(story?.['trendingAt']).not.toBeNull();
      expect(Date.parse(opportunity['openedAt'] as string)).toBeGreaterThanOrEqual(Date.parse(story!['trendingAt'] as string));
      expect(opportunity['closesAt']).toBe(story!['windowClosesAt']);
      expect(opportunity['score']).toBeGreaterThan(0);
      expect(opportunity['score']).toBeLessThanOrEqual(1);
      expect((opportunity['reasons'] as string[]).length).toBeGreaterThan(0);
      expect(Array.isArray(opportunity['risk'])).toBe(true);
    }
    // The strike (news) is a Transport opportunity, the reopening (twitter) a Culture Desk one; nobody gardens.
    const beatsOf = (prefix: string) =>
      new Set(opportunities.filter((o) => assignments.some((a) => a['story'] === o['story'] && (a['id'] as string).startsWith(prefix))).map((o) => o['beat']));
    expect(beatsOf('a')).toEqual(new Set(['transport']));
    expect(beatsOf('b')).toEqual(new Set(['culture-desk']));
    expect(result.stdout).toContain(join(out, 'opportunities.jsonl'));
  });

  it('refuses a beats file it cannot use', () => {
    const dir = dirs.fresh();
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ name: 'not an array' }));
    const refused = runCli(['replay', SMALL, '--out', join(dir, 'out'), '--beats', wrong]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${wrong}: expected an array of beats`);
    const badQuery = join(dir, 'bad-query.json');
    writeFileSync(badQuery, JSON.stringify([{ name: 'Broken', query: 'ferry AND (strike' }]));
    const refusedQuery = runCli(['replay', SMALL, '--out', join(dir, 'out'), '--beats', badQuery]);
    expect(refusedQuery.status).toBe(2);
    expect(refusedQuery.stderr).toContain(`${badQuery}: beat "Broken": `);
    const unreadable = runCli(['replay', SMALL, '--out', join(dir, 'out'), '--beats', join(dir, 'none.json')]);
    expect(unreadable.status).toBe(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('explains itself with --help', () => {
    const result = runCli(['replay', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('tidewatch replay <stream.jsonl> --out <dir>');
    expect(runCli(['--help']).stdout).toContain('tidewatch replay');
  });
});
