// The demo traffic shows every rule early: each kind of attack the rules look for is generated
// now and then, and flow records (opt-in) carry the traffic spikes.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine.js';
import { createLineParser } from '../../../src/engine/parsers/index.js';
import { ruleDefinitions } from '../../../src/engine/rules/index.js';
import { LOCAL_HOSTS } from '../../../src/engine/sim/scenarios-flow.js';
import { createTrafficGenerator, type GeneratedLine, type TrafficGeneratorOptions } from '../../../src/engine/sim/generator.js';

const START = Date.UTC(2024, 4, 1, 9);

function take(opts: Partial<TrafficGeneratorOptions>, minutes: number): GeneratedLine[] {
  const gen = createTrafficGenerator({ seed: 1, startTime: START, ...opts });
  const out: GeneratedLine[] = [];
  for (;;) {
    const l = gen.next();
    if (l.time - START > minutes * 60_000) return out;
    out.push(l);
  }
}

describe('generated traffic for the rules', () => {
  it.each([1, 2, 3])('seed %i: the demo settings (15 lines/s, flows) raise every rule within 10 minutes', (seed) => {
    const parse = createLineParser({ now: START + 7200_000 });
    const engine = createEngine({ parse });
    const first = new Map<string, number>();
    engine.onAlert((a, change) => {
      if (change === 'raised' && !first.has(a.rule)) first.set(a.rule, Date.parse(a.lastSeen) - START);
    });
    take({ seed, rate: 15, format: 'rfc3339', flows: true }, 10).forEach((l, i) => engine.ingest([{ text: l.text, file: l.kind, line: i + 1 }]));
    expect([...first.keys()].sort()).toEqual(ruleDefinitions.map((d) => d.id).sort());
  });

  it('flow records: Zeek conn JSON lines, written when the connection ends, from the local hosts', () => {
    const lines = take({ flows: true, rate: 10, format: 'rfc3339' }, 30);
    const zeek = lines.filter((l) => l.kind === 'zeek');
    expect(zeek.length).toBeGreaterThan(400);
    const parse = createLineParser({ now: START + 7200_000 });
    const big: number[] = [];
    zeek.forEach((l, i) => {
      const r = parse({ text: l.text, file: 'conn.log', line: i + 1 });
      expect(r.status, l.text).toBe('matched');
      const e = r.events[0]!;
      expect(e).toMatchObject({ program: 'zeek', type: 'flow' });
      expect(e.time).toBeLessThanOrEqual(l.time);
      expect(e.time).toBeGreaterThan(l.time - 41_000);
      expect(e.flowEnd! - l.time).toBeLessThan(1000);
      const local = e.direction === 'outbound' ? e.ip : e.dst;
      expect(['outbound', 'inbound']).toContain(e.direction);
      expect(LOCAL_HOSTS).toContain(local);
      if ((e.bytesOut ?? 0) >= 400_000) big.push(e.bytesOut!);
    });
    expect(big.length).toBeGreaterThan(1);
    expect(lines.filter((l) => l.kind === 'syslog').every((l) => !l.text.startsWith('{'))).toBe(true);
  });

  it('no flow records unless asked for', () => {
    expect(take({ rate: 10 }, 20).every((l) => l.kind === 'syslog')).toBe(true);
  });

  it('the new attacks are in the log: a password that works after failures, a botnet on one account', () => {
    const text = take({ seed: 3 }, 30).map((l) => l.text).join('\n');
    expect(text).toMatch(/Accepted password for (root|ubuntu|postgres) from (203\.0\.113|198\.51\.100)\.\d+ port \d+ ssh2/);
    const byUser = new Map<string, Set<string>>();
    for (const m of text.matchAll(/Failed password for (?:invalid user )?(\S+) from (\S+) port/g)) {
      const set = byUser.get(m[1]!) ?? new Set<string>();
      set.add(m[2]!);
      byUser.set(m[1]!, set);
    }
    expect(Math.max(...[...byUser.values()].map((s) => s.size))).toBeGreaterThanOrEqual(20);
  });
});
