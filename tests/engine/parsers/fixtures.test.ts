/**
 * Runs every annotated sample file in tests/fixtures/logs/. Format (fail2ban-style):
 *   # options: {"now": "<ISO>", "timeZone": "<IANA>"}   once, before the samples (now is required)
 *   # <comment>
 *   # expect: {partial event} | [{…}, …] | none | ignored | unknown | unmatched
 *   <the sample line>
 * Every line that does not start with `# ` is fed to one parser per file, in order. A line that
 * starts with `#` but not `# ` (a Zeek header) may go without an expectation; any other line must
 * have one. In an expected event, `time` is an ISO string. `none` means no event and a status
 * other than `unmatched`. A file without samples fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLineParser } from '../../../src/engine/parsers/index.js';
import type { SecurityEvent } from '../../../src/engine/model/event.js';

const DIR = join(import.meta.dirname, '../../fixtures/logs');

interface Sample {
  line: number;
  text: string;
  expectation: string;
}

function load(file: string): { options: { now: number; timeZone?: string }; samples: Sample[]; fed: { line: number; text: string }[] } {
  const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
  let options: { now: number; timeZone?: string } | null = null;
  const samples: Sample[] = [];
  const fed: { line: number; text: string }[] = [];
  let pending: string | null = null;
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.startsWith('# options: ')) {
      const raw = JSON.parse(text.slice(11)) as { now: string; timeZone?: string };
      options = { now: Date.parse(raw.now), ...(raw.timeZone ? { timeZone: raw.timeZone } : {}) };
      return;
    }
    if (text.startsWith('# expect: ')) {
      if (pending !== null) throw new Error(`${file}:${line}: two expectations in a row`);
      pending = text.slice(10).trim();
      return;
    }
    if (text.startsWith('# ') || text === '#' || (text.length === 0 && pending === null)) return;
    fed.push({ line, text });
    if (pending !== null) {
      samples.push({ line, text, expectation: pending });
      pending = null;
    } else if (!text.startsWith('#')) {
      throw new Error(`${file}:${line}: sample line without "# expect:"`);
    }
  });
  if (options === null) throw new Error(`${file}: missing "# options:" line`);
  return { options, samples, fed };
}

function view(e: SecurityEvent): Record<string, unknown> {
  return { ...e, time: new Date(e.time).toISOString() };
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.log')).sort();

describe('annotated log samples', () => {
  it('has fixture files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    it(`${file}: every sample parses as annotated`, () => {
      const { options, samples, fed } = load(file);
      expect(samples.length, `${file} has no samples`).toBeGreaterThan(0);
      const parse = createLineParser(options);
      const bySampleLine = new Map(samples.map((s) => [s.line, s]));
      for (const { line, text } of fed) {
        const result = parse({ text, file, line });
        const sample = bySampleLine.get(line);
        if (sample === undefined) continue;
        const where = `${file}:${line}: ${text.slice(0, 160)}`;
        const exp = sample.expectation;
        if (exp === 'none' || exp === 'ignored' || exp === 'unknown' || exp === 'unmatched') {
          expect(result.events, where).toEqual([]);
          if (exp === 'none') expect(result.status, where).not.toBe('unmatched');
          else expect(result.status, where).toBe(exp);
          continue;
        }
        const parsed = JSON.parse(exp) as Record<string, unknown> | Record<string, unknown>[];
        const expected = Array.isArray(parsed) ? parsed : [parsed];
        expect(result.status, where).toBe('matched');
        expect(result.events.length, where).toBe(expected.length);
        result.events.forEach((event, i) => {
          expect(view(event), where).toMatchObject(expected[i]!);
          expect(event.raw, where).toBe(text.replace(/^\u0000+/, '')); // leading NULs are not part of the line
          expect(event.file, where).toBe(file);
          expect(event.line, where).toBe(line);
        });
      }
    });
  }
});
