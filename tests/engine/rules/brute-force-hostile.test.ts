// BRUTE_FORCE under hostile input: memory bounded by bytes (long lines), and a flood of one-shot
// sources that must not hide a real attacker (issue 8, items 8 and 9).
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine.js';
import type { Alert } from '../../../src/engine/model/alert.js';
import type { RawLine, SecurityEvent } from '../../../src/engine/model/event.js';
import { createLineParser } from '../../../src/engine/parsers/index.js';
import { createBruteForce, type BruteForceConfig } from '../../../src/engine/rules/brute-force.js';
import type { Rule } from '../../../src/engine/rules/rule.js';
import { EVIDENCE_TEXT_LIMIT, FIELD_TEXT_LIMIT, PENDING_TEXT_LIMIT } from '../../../src/engine/text/excerpt.js';
import { makeEvent, T0 } from '../../helpers/factories.js';

type SizedRule = Rule & { readonly trackedBytes: number };

function engineWith(config: Partial<BruteForceConfig> = {}) {
  const rule = createBruteForce(config) as SizedRule;
  const engine = createEngine({ parse: createLineParser({ now: T0, timeZone: 'UTC' }), rules: [rule], updateIntervalMs: 0 });
  const alerts = new Map<string, Alert>();
  engine.onAlert((a) => alerts.set(a.id, a));
  return { rule, engine, alerts };
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace('Z', '000+00:00');
const PAD = 'x'.repeat(60_000);

/** A pam_unix failure of ~60 KB from `ip` (not sshd, so it counts as an attempt): the user name is the long part. */
function longPamLine(i: number, ip: string, ms: number): RawLine {
  const text = `${stamp(ms)} ftp-01 vsftpd[${1000 + i}]: pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser= rhost=${ip} user=probe-${i}-${PAD}`;
  return { text, file: 'auth.log', line: i + 1 };
}

describe('BRUTE_FORCE memory is bounded by bytes', () => {
  it('a pending attempt keeps a 1 KiB excerpt of its line; the evidence of the attempt that fired keeps 4 KiB', () => {
    // Given 6 long failures from one address within a few seconds
    const { engine, alerts } = engineWith();
    engine.ingest(Array.from({ length: 6 }, (_, i) => longPamLine(i, '198.51.100.9', T0 + i * 1000)));
    // Then one alert, whose first 5 evidence lines are the pending excerpts and the 6th the evidence cut
    const [alert] = [...alerts.values()];
    expect(alert?.count).toBe(6);
    const texts = alert!.evidence.map((e) => e.text);
    texts.slice(0, 5).forEach((t, i) => {
      expect(t).toMatch(/…\[\+\d+ chars\]$/);
      expect(t.length).toBeLessThan(PENDING_TEXT_LIMIT + 20);
      expect(t.slice(0, PENDING_TEXT_LIMIT)).toBe(longPamLine(i, '198.51.100.9', T0 + i * 1000).text.slice(0, PENDING_TEXT_LIMIT));
    });
    expect(texts[5]!.length).toBeGreaterThan(EVIDENCE_TEXT_LIMIT);
    expect(texts[5]!.length).toBeLessThan(EVIDENCE_TEXT_LIMIT + 20);
    // And the users it names are bounded copies
    for (const u of alert!.users) expect(u.length).toBeLessThan(60_000);
  });

  it('later attempts of an open incident are evidence of at most 4 KiB too', () => {
    const { engine, alerts } = engineWith();
    engine.ingest(Array.from({ length: 30 }, (_, i) => longPamLine(i, '198.51.100.9', T0 + i * 1000)));
    engine.finish();
    const [alert] = [...alerts.values()];
    expect(alert?.count).toBe(30);
    expect(alert!.evidence).toHaveLength(20);
    for (const e of alert!.evidence) expect(e.text.length).toBeLessThan(EVIDENCE_TEXT_LIMIT + 20);
  });

  it('keeps all pending state within the byte budget under long lines from distinct addresses', () => {
    // Given a budget of 8 MiB, and 20,000 lines of 60 KB (1.2 GB of text) each from its own address
    const budget = 8 * 1024 * 1024;
    const { rule, engine } = engineWith({ maxPendingBytes: budget });
    let peak = 0;
    for (let b = 0; b < 40; b++) {
      const batch: RawLine[] = [];
      for (let k = 0; k < 500; k++) {
        const i = b * 500 + k;
        batch.push(longPamLine(i, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, T0 + i));
      }
      engine.ingest(batch);
      peak = Math.max(peak, rule.trackedBytes);
    }
    // Then the rule's pending state never went past the budget: it holds what fits, about 2 KiB per address
    expect(peak).toBeLessThanOrEqual(budget);
    expect(rule.trackedKeys).toBeGreaterThan(budget / 4096);
    expect(rule.trackedKeys).toBeLessThan(budget / 1024);
  });

  it('bounds user, host and program names kept for a pending attempt', () => {
    const longName = 'n'.repeat(10_000);
    const { rule, engine, alerts } = engineWith({ threshold: 1 });
    engine.ingestEvents([makeEvent({ user: longName, host: longName, program: longName, ip: '198.51.100.10', pid: 1 })]);
    expect(rule.trackedBytes).toBeLessThan(4 * FIELD_TEXT_LIMIT + PENDING_TEXT_LIMIT + 1024);
    engine.ingestEvents([makeEvent({ user: 'root', ip: '198.51.100.10', time: T0 + 1, pid: 2 })]);
    const [alert] = [...alerts.values()];
    expect(alert!.users[0]!.length).toBeLessThan(FIELD_TEXT_LIMIT + 20);
    expect(alert!.hosts[0]!.length).toBeLessThan(FIELD_TEXT_LIMIT + 20);
  });
});

describe('BRUTE_FORCE: a flood of one-shot sources does not hide a real attacker', () => {
  // The scenario: 720,000 lines from 12,000 new IPv6 sources a second, and one address failing
  // 6 times in 50 s. Between two of its attempts 13 s apart, 156,000 new sources arrive: more than
  // the 100,000 (replay, watch) or 50,000 (console) tracked.
  const ATTACKER = '198.51.100.7';
  const TRIES_S = [5, 6.5, 19.5, 32.5, 45.5, 55]; // two on its first connection, then one every 13 s

  it.each([100_000, 50_000])(
    'with %i tracked addresses, the attacker alerts and memory stays bounded',
    (maxTrackedIps) => {
      const { rule, engine, alerts } = engineWith({ maxTrackedIps });
      const tries = TRIES_S.map((s, k) => makeEvent({ ip: ATTACKER, time: T0 + s * 1000, pid: k < 2 ? 7000 : 7000 + k, user: 'root' }));
      let next = 0;
      let peakBytes = 0;
      let n = 0;
      for (let s = 0; s < 60; s++) {
        const batch: SecurityEvent[] = [];
        for (let i = 0; i < 12_000; i++, n++) {
          const time = T0 + s * 1000 + Math.floor(i / 12);
          while (next < TRIES_S.length && tries[next]!.time <= time) batch.push(tries[next++]!);
          const ip = `2001:db8:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}::1`;
          batch.push(makeEvent({ ip, time, pid: 100_000 + (n % 1_000_000), user: 'admin', raw: `bastion-01 sshd[${n}]: Failed password for invalid user admin from ${ip} port 22 ssh2` }));
        }
        engine.ingestEvents(batch);
        peakBytes = Math.max(peakBytes, rule.trackedBytes);
        expect(rule.trackedKeys).toBeLessThanOrEqual(maxTrackedIps);
      }
      expect(n).toBe(720_000);
      const raised = [...alerts.values()].filter((a) => a.ip === ATTACKER);
      expect(raised).toHaveLength(1);
      expect(raised[0]!.count).toBe(6);
      expect(alerts.size).toBe(1); // no spoofed source alerted
      expect(peakBytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    },
    120_000,
  );
});
