import { describe, expect, it } from 'vitest';
import type { SecurityEvent } from '../../../src/engine/model/event.js';
import { createLineParser } from '../../../src/engine/parsers/index.js';
import { createTrafficSpike, outboundOf, TRAFFIC_SPIKE } from '../../../src/engine/rules/traffic-spike.js';
import { flow, intel, run, sec, T0, tick } from './harness.js';

const HOST = '192.0.2.10';
const MIN = 60;

/** One outbound flow per minute for `n` minutes from minute `from`, 10 s into each minute. */
const perMinute = (n: number, bytes: (i: number) => number, from = 0, host = HOST): SecurityEvent[] =>
  Array.from({ length: n }, (_, i) => flow(host, sec((from + i) * MIN + 10), bytes(i)));

/** 30 minutes of 90k / 110k alternating: a learned baseline of about 100 kB a minute. */
const baseline = (minutes = 30) => perMinute(minutes, (i) => (i % 2 === 0 ? 90_000 : 110_000));

describe('TRAFFIC_SPIKE absolute threshold', () => {
  it('999,999 bytes in a minute do not fire; 1,000,000 do, LOW, judged once the minute settled', () => {
    expect(run(createTrafficSpike(), [flow(HOST, sec(5), 999_999), tick(sec(200))]).raised).toEqual([]);
    const pending = run(createTrafficSpike(), [flow(HOST, sec(5), 600_000), flow(HOST, sec(50), 400_000), tick(sec(119))], { finish: false });
    expect(pending.raised).toEqual([]); // the minute ends at 60 s and settles at 120 s
    pending.engine.ingestEvents([tick(sec(120))]);
    expect(pending.raised).toHaveLength(1);
    const a = pending.raised[0]!;
    expect(a).toMatchObject({ rule: TRAFFIC_SPIKE, severity: 'LOW', ip: null, subject: { kind: 'host', value: HOST, ip: null }, count: 1_000_000 });
    expect(a.evidence).toHaveLength(2);
    expect(a.facts).toMatchObject({ bytes: 1_000_000, minute: new Date(T0).toISOString(), thresholdBytes: 1_000_000, overThreshold: true, overBaseline: false, warmedUp: false, learnedMinutes: 0, spikeMinutes: 1 });
    expect(a.summary).toBe(`1,000,000 bytes out from ${HOST} in the minute from 2024-05-01 09:14 UTC: over the 1,000,000-byte limit, no baseline yet (0 of 30 min learned)`);
  });

  it('minutes are UTC minutes: 600 kB at 59.999 s and 600 kB at 60.000 s are two quiet minutes; at 59.998/59.999 one spike', () => {
    expect(run(createTrafficSpike(), [flow(HOST, sec(0) + 59_999, 600_000), flow(HOST, sec(60), 600_000)]).raised).toEqual([]);
    expect(run(createTrafficSpike(), [flow(HOST, sec(0) + 59_998, 600_000), flow(HOST, sec(0) + 59_999, 600_000)]).raised).toHaveLength(1);
  });

  it('the end of input judges the minutes still open', () => {
    expect(run(createTrafficSpike(), [flow(HOST, sec(5), 2_000_000)]).raised).toHaveLength(1);
  });
});

describe('TRAFFIC_SPIKE learned baseline', () => {
  it('after 30 minutes of baseline a minute far above it fires (LOW); after 29 it does not', () => {
    const spike = (warm: number) => [...baseline(warm), flow(HOST, sec(warm * MIN + 10), 200_000), tick(sec((warm + 3) * MIN))];
    expect(run(createTrafficSpike(), spike(29)).raised).toEqual([]);
    const { raised } = run(createTrafficSpike(), spike(30));
    expect(raised).toHaveLength(1);
    const f = raised[0]!.facts!;
    expect(raised[0]!.severity).toBe('LOW');
    expect(f).toMatchObject({ bytes: 200_000, overThreshold: false, overBaseline: true, warmedUp: true, learnedMinutes: 30 });
    expect(f['sigmasAbove'] as number).toBeGreaterThan(4);
    expect(raised[0]!.summary).toMatch(/^200,000 bytes out from 192\.0\.2\.10 in the minute from 2024-05-01 09:44 UTC: [\d.]+ σ above its baseline of \d{2,3},\d{3} ± \d+,\d{3} a minute$/);
  });

  it('within 4 σ does not fire', () => {
    expect(run(createTrafficSpike(), [...baseline(), flow(HOST, sec(30 * MIN + 10), 112_000)]).raised).toEqual([]);
  });

  it('over the limit and over the baseline is MEDIUM', () => {
    const { raised } = run(createTrafficSpike(), [...baseline(), flow(HOST, sec(30 * MIN + 10), 5_000_000)]);
    expect(raised[0]).toMatchObject({ severity: 'MEDIUM', facts: expect.objectContaining({ overThreshold: true, overBaseline: true }) });
    expect(raised[0]!.summary).toMatch(/over the 1,000,000-byte limit, [\d.]+ σ above its baseline/);
  });

  it('quiet minutes count as zero; a host that sends almost nothing does not spike on a few kB (minBytes)', () => {
    const sparse = [flow(HOST, sec(10), 1000), flow(HOST, sec(40 * MIN + 10), 9_000)];
    expect(run(createTrafficSpike(), sparse).raised).toEqual([]);
    const above = [flow(HOST, sec(10), 1000), flow(HOST, sec(40 * MIN + 10), 10_000)];
    expect(run(createTrafficSpike(), above).raised[0]?.facts).toMatchObject({ overBaseline: true, learnedMinutes: 40 });
  });
});

describe('TRAFFIC_SPIKE time and attribution', () => {
  it('a record arriving late but before its minute settled counts; after that its share is dropped', () => {
    const late = [flow(HOST, sec(70), 600_000), flow(HOST, sec(100), 10), flow(HOST, sec(65), 500_000), tick(sec(300))];
    expect(run(createTrafficSpike(), late).raised).toHaveLength(1);
    const tooLate = [flow(HOST, sec(70), 600_000), tick(sec(180)), flow(HOST, sec(65), 500_000), tick(sec(300))];
    expect(run(createTrafficSpike(), tooLate).raised).toEqual([]);
  });

  it('spreads a long flow over its interval: a 10 MB transfer over 20 min reported at its end is no spike; over 1 min it is', () => {
    const long = [tick(sec(20 * MIN)), flow(HOST, sec(0), 10_000_000, { flowEnd: sec(20 * MIN) }), tick(sec(24 * MIN))];
    expect(run(createTrafficSpike(), long).raised).toEqual([]);
    const short = [flow(HOST, sec(0), 10_000_000, { flowEnd: sec(50) }), tick(sec(4 * MIN))];
    expect(run(createTrafficSpike(), short).raised[0]?.count).toBe(10_000_000);
  });

  it('whose bytes: outbound → the originator sent bytesOut; inbound → the local responder sent bytesIn; internal/external ignored; unknown → originator', () => {
    const out = flow('192.0.2.10', T0, 5, { bytesIn: 7 });
    expect(outboundOf(out)).toEqual({ host: '192.0.2.10', bytes: 5 });
    expect(outboundOf({ ...out, direction: 'inbound', ip: '203.0.113.9', dst: '192.0.2.10' })).toEqual({ host: '192.0.2.10', bytes: 7 });
    expect(outboundOf({ ...out, direction: 'internal' })).toBeNull();
    expect(outboundOf({ ...out, direction: 'external' })).toBeNull();
    expect(outboundOf({ ...out, direction: null })).toEqual({ host: '192.0.2.10', bytes: 5 });
    expect(outboundOf({ ...out, direction: null, bytesOut: null, bytes: 12, ip: null })).toEqual({ host: 'local', bytes: 12 });
    expect(outboundOf({ ...out, type: 'firewall_block' })).toBeNull();
  });

  it('consecutive spiking minutes are one incident; it closes after a calm stretch', () => {
    const events = [...perMinute(3, () => 1_500_000), tick(sec(10 * MIN)), tick(sec(10 * MIN + 1))];
    const { raised, final, engine } = run(createTrafficSpike(), events, { finish: false });
    expect(raised).toHaveLength(1);
    expect(final[0]!.count).toBe(4_500_000);
    expect(final[0]!.facts).toMatchObject({ spikeMinutes: 3, peakBytes: 1_500_000 });
    expect(final[0]!.summary).toMatch(/; 3 spiking minutes, peak 1,500,000 bytes$/);
    expect(engine.stats.openIncidents).toBe(0);
  });

  it('hosts are kept apart, capped, and forgotten after 10 half-lives without traffic', () => {
    const rule = createTrafficSpike({ halfLifeMinutes: 1 }, 2);
    const r = run(rule, [flow('192.0.2.1', sec(0), 5), flow('192.0.2.2', sec(1), 5), flow('192.0.2.3', sec(2), 5)], { finish: false });
    expect(rule.trackedKeys).toBe(2);
    r.engine.ingestEvents([tick(sec(3 * MIN)), tick(sec(31 * MIN))]); // warm-up 30 min > 10 half-lives of 1 min
    expect(rule.trackedKeys).toBe(0);
    const two = run(createTrafficSpike(), [flow('192.0.2.1', sec(5), 600_000), flow('192.0.2.2', sec(6), 600_000)]);
    expect(two.raised).toEqual([]);
  });

  it('a host has no address to match: intel does not escalate it', () => {
    const { raised } = run(createTrafficSpike(), [flow('203.0.113.5', sec(5), 2_000_000)], { intel: intel() });
    expect(raised[0]).toMatchObject({ severity: 'LOW', intel: [], flags: [] });
  });

  it('the predecessor’s traffic_spike record through the real parser: bytes of the monitored host', () => {
    const parse = createLineParser({ now: T0, timeZone: 'UTC' });
    const events = ['{"type":"traffic_spike","bytes":"12345678","time":"2024-05-01T09:14:04"}', '{"type":"traffic_spike","bytes":999,"time":"2024-05-01T09:20:00"}'].flatMap(
      (text, i) => parse({ text, file: 'legacy.jsonl', line: i + 1 }).events,
    );
    const { raised } = run(createTrafficSpike(), events);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ subject: { kind: 'host', value: 'local' }, count: 12_345_678 });
  });

  it('is configurable', () => {
    expect(run(createTrafficSpike({ thresholdBytes: 500 }), [flow(HOST, sec(5), 500)]).raised).toHaveLength(1);
    expect(run(createTrafficSpike({ severity: 'MEDIUM' }), [flow(HOST, sec(5), 5_000_000)]).raised[0]?.severity).toBe('MEDIUM');
    const quick = run(createTrafficSpike({ warmupMinutes: 5, sigmas: 2 }), [...baseline(5), flow(HOST, sec(5 * MIN + 10), 150_000)]);
    expect(quick.raised).toHaveLength(1);
    const settle = run(createTrafficSpike({ settleSeconds: 0 }), [flow(HOST, sec(5), 2_000_000), tick(sec(60))], { finish: false });
    expect(settle.raised).toHaveLength(1);
  });
});
