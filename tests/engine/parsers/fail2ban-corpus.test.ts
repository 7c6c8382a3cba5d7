/**
 * A peer's test suite: fail2ban's annotated sshd corpus, read from the installed Debian package
 * (`apt-get install fail2ban`; it is GPL, so it is never copied into this repository).
 *
 * Corpus format: `# failJSON: {...}` annotates the next line (`match`, `host` or `ip4`/`ip6`, an
 * optional `constraint`); `# filterOptions: {...}|[{...}, ...]` sets the fail2ban modes (`normal`
 * when no mode is named, `ddos`, `extra`, `aggressive`) of the lines after it; `# fileOptions:`
 * with `"logtype": "journal"` marks the journal's text form (`host sshd[pid]: message`, no time).
 *
 * Our reading of an annotation: `match: true` → the line gives an event attributed to that host
 * (its `ip`, or `rhost` for a name; any event when the annotation names none); `match: false` →
 * the line's events count no attempt. Every normal-mode line must agree, except the lines listed in
 * README.md ("Where we differ from fail2ban's sshd corpus") with the OpenSSH source that proves our
 * answer; for those, our answer must be the README's. ddos / extra / aggressive sections are
 * reported, not asserted (we count attempts, not connection floods).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from '../../../src/engine/model/event.js';
import { normalizeIp } from '../../../src/engine/net/ip.js';
import { createLineParser } from '../../../src/engine/parsers/index.js';

const CORPUS_DIR = '/usr/lib/python3/dist-packages/fail2ban/tests/files/logs';
const FILES = ['sshd', 'sshd-journal'] as const;
const MODES = ['normal', 'ddos', 'extra', 'aggressive'] as const;
type Mode = (typeof MODES)[number];

interface Sample {
  file: string;
  line: number;
  text: string;
  modes: Set<Mode>;
  annotation: { match?: boolean; host?: string; ip4?: string; ip6?: string; constraint?: string };
}

/** Evaluates the constraint forms the corpus uses (fail2ban `eval`s Python); unknown ones throw. */
function holds(constraint: string | undefined, mode: Mode): boolean {
  if (constraint === undefined) return true;
  const c = constraint.replace(/\s+/g, '');
  if (c === "name=='sshd'") return true;
  const m = /^opts\.get\('mode'\)(==|!=)'(\w+)'$/.exec(c);
  if (m !== null) return m[1] === '==' ? mode === m[2] : mode !== m[2];
  throw new Error(`unknown constraint in the corpus: ${constraint}`);
}

function modesOf(options: unknown): Set<Mode> {
  const list = Array.isArray(options) ? options : [options];
  const modes = new Set<Mode>();
  for (const o of list as Record<string, unknown>[]) {
    const condition = o['test.condition'];
    if (typeof condition === 'string' && !holds(condition, 'normal')) continue;
    const mode = typeof o['mode'] === 'string' ? o['mode'] : 'normal';
    if ((MODES as readonly string[]).includes(mode)) modes.add(mode as Mode);
  }
  return modes;
}

function loadCorpus(file: string): { samples: Sample[]; journal: boolean } {
  const lines = readFileSync(join(CORPUS_DIR, file), 'utf8').split('\n');
  const samples: Sample[] = [];
  let modes = new Set<Mode>(['normal']);
  let journal = false;
  let pending: Sample['annotation'] | null = null;
  lines.forEach((text, index) => {
    const directive = /^#+ ?(failJSON|filterOptions|fileOptions|addFILE):(.+)$/.exec(text);
    if (directive !== null) {
      const value = JSON.parse(directive[2]!) as unknown;
      if (directive[1] === 'filterOptions') modes = modesOf(value);
      else if (directive[1] === 'fileOptions') journal = (value as Record<string, unknown>)['logtype'] === 'journal';
      else if (directive[1] === 'failJSON') pending = value as Sample['annotation'];
      return;
    }
    if (pending === null && (text.startsWith('#') || text.trim() === '')) return;
    samples.push({ file, line: index + 1, text, modes, annotation: pending ?? { match: false } });
    pending = null;
  });
  return { samples, journal };
}

/** README.md's list of documented disagreements: the message in backticks → our address. */
function documentedDisagreements(): Map<string, string> {
  const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
  const start = readme.indexOf("#### Where we differ from fail2ban's sshd corpus");
  if (start === -1) return new Map();
  const section = readme.slice(start, readme.indexOf('\n#', start + 10) === -1 ? undefined : readme.indexOf('\n#', start + 10));
  const out = new Map<string, string>();
  for (const m of section.matchAll(/^- `([^`]+)` → `([^`]+)`/gm)) out.set(m[1]!, m[2]!);
  return out;
}

const attribution = (e: SecurityEvent): string | null => e.ip ?? e.rhost;
const canonical = (host: string): string => normalizeIp(host) ?? host;

interface Outcome {
  checked: number;
  agree: number;
  documented: number;
  falseAttempts: string[];
  wrongAddress: string[];
  missed: string[];
}

function score(file: string, mode: Mode, disagreements: Map<string, string>, used: Set<string>): Outcome {
  const { samples, journal } = loadCorpus(file);
  const parse = createLineParser({ now: Date.UTC(2005, 11, 31), timeZone: 'UTC', journalText: journal });
  const out: Outcome = { checked: 0, agree: 0, documented: 0, falseAttempts: [], wrongAddress: [], missed: [] };
  for (const s of samples) {
    if (!s.modes.has(mode) || !holds(s.annotation.constraint, mode)) continue;
    const events = parse({ text: s.text, file: s.file, line: s.line }).events;
    out.checked++;
    const where = `${s.file}:${s.line}: ${s.text}`;
    const message = s.text.replace(/^.*?sshd\[\d+\]: /, '');
    const ours = disagreements.get(message);
    if (ours !== undefined) {
      used.add(message);
      if (events.some((e) => attribution(e) === canonical(ours))) out.documented++;
      else out.wrongAddress.push(`${where} (README says ours is ${ours}; got ${events.map(attribution).join(', ') || 'no event'})`);
      continue;
    }
    if (s.annotation.match === true) {
      const host = s.annotation.host ?? s.annotation.ip4 ?? s.annotation.ip6;
      if (events.length === 0) out.missed.push(where);
      else if (host !== undefined && !events.some((e) => attribution(e) === canonical(host))) {
        out.wrongAddress.push(`${where} (want ${host}, got ${events.map(attribution).join(', ')})`);
      } else out.agree++;
    } else {
      const attempts = events.reduce((n, e) => n + e.attempts, 0);
      if (attempts > 0) out.falseAttempts.push(`${where} (${attempts} attempts)`);
      else out.agree++;
    }
  }
  return out;
}

function summary(file: string, mode: Mode, o: Outcome): string {
  const bad = o.falseAttempts.length + o.wrongAddress.length + o.missed.length;
  return (
    `fail2ban corpus ${file}, ${mode} mode: ${o.agree + o.documented}/${o.checked} annotated lines agree` +
    (o.documented > 0 ? ` (${o.documented} documented disagreement${o.documented === 1 ? '' : 's'})` : '') +
    `; ${o.falseAttempts.length} false attempts, ${o.wrongAddress.length} wrong addresses, ${o.missed.length} missed` +
    (bad > 0 && mode !== 'normal' ? ':\n  ' + [...o.falseAttempts, ...o.wrongAddress, ...o.missed].join('\n  ') : '')
  );
}

const present = FILES.every((f) => existsSync(join(CORPUS_DIR, f)));

describe("fail2ban's annotated sshd corpus (Debian package fail2ban)", () => {
  if (!present) {
    it.skip(`skipped: ${CORPUS_DIR}/sshd not found (install the Debian package fail2ban: apt-get install fail2ban)`, () => {});
    console.log(`fail2ban corpus: skipped, ${CORPUS_DIR} is absent (apt-get install fail2ban)`);
    return;
  }
  const disagreements = documentedDisagreements();
  const used = new Set<string>();

  for (const file of FILES) {
    it(`${file}: every normal-mode line agrees (0 false attempts, 0 wrong addresses, 0 missed)`, () => {
      const o = score(file, 'normal', disagreements, used);
      console.log(summary(file, 'normal', o));
      expect(o.checked).toBeGreaterThan(80);
      expect(o.falseAttempts).toEqual([]);
      expect(o.wrongAddress).toEqual([]);
      expect(o.missed).toEqual([]);
    });
  }

  it('every disagreement listed in the README is a line of the corpus', () => {
    expect(disagreements.size).toBeGreaterThan(0);
    for (const message of disagreements.keys()) expect(used, message).toContain(message);
  });

  it('reports the ddos / extra / aggressive sections (a figure, not a requirement)', () => {
    for (const file of FILES) {
      for (const mode of ['ddos', 'extra', 'aggressive'] as const) console.log(summary(file, mode, score(file, mode, disagreements, new Set())));
    }
  });
});
