/**
 * TRAFFIC_SPIKE: a host sending far more than usual in one minute of event time, from flow records.
 *
 * Per host and per minute (UTC minute boundaries) the rule adds up the bytes the host sent out, and
 * judges each minute once it is settled (`settleSeconds` after it ended, in event time, so records
 * that arrive a little late still land in it). A minute spikes when
 * - its bytes reach `thresholdBytes` (default 1,000,000: at least, as the predecessor did), or
 * - after at least `warmupMinutes` minutes of learned baseline (quiet minutes count, as 0), its bytes
 *   are at least `minBytes` and more than `sigmas` standard deviations above the host's
 *   exponentially weighted mean (half-life `halfLifeMinutes`): x > mean + sigmas·σ.
 * Severity is `severity` (LOW) when one holds and one step higher (MEDIUM) when both hold.
 *
 * Whose bytes: `outbound` flows count the originator's bytes (`bytesOut`), `inbound` flows the
 * responder's reply (`bytesIn`, our server sending out); `internal`, `external` and `forward` flows
 * never leave a monitored host and do not count. Without a direction (Suricata, Zeek without
 * local_nets, the predecessor's `traffic_spike`) the originator's sent bytes count (`bytesOut`, else
 * `bytes`), under its address, else the logging host, else `local`.
 * A flow's bytes are spread evenly over its interval (`flowStart`–`flowEnd`, a Zeek record covers
 * its connection's whole life); the share for minutes already judged is dropped, so one long
 * transfer reported at its end is not a spike of its total.
 *
 * Every minute joins the baseline after it is judged (spikes included). One incident per host:
 * spiking minutes grow it (count = bytes in spiking minutes; facts describe the latest and the
 * peak), and it closes when no minute has spiked for `settleSeconds` + 3 min. State is bounded:
 * hosts are capped (LRU) and forgotten after 10 half-lives without traffic (their baseline has
 * decayed below 0.1 %), each host keeps at most 16 open minutes and 5 evidence records per minute.
 */
import * as z from 'zod';
import { SEVERITIES, type Severity } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import { hostSubject } from '../model/subject.js';
import { Ewma } from '../windows/ewma.js';
import { MINUTE_MS as MINUTE, MinuteBuckets, type MinuteBucket } from '../windows/minute-buckets.js';
import { baseRuleShape, defineRule, type AttemptRecord, type CountedEvent, type Facts, type IncidentView, type Rule, type RuleContext } from './rule.js';
import { groupDigits } from './support/format.js';
import { toRecord } from './support/record.js';

export const TRAFFIC_SPIKE = 'TRAFFIC_SPIKE';

const schema = z.strictObject({
  ...baseRuleShape('LOW'),
  /** Outbound bytes in one minute that spike on their own. */
  thresholdBytes: z.number().positive().finite().default(1_000_000),
  /** Standard deviations above the learned mean that spike. */
  sigmas: z.number().positive().finite().default(4),
  /** Minutes of baseline before the deviation test applies. */
  warmupMinutes: z.number().int().min(1).default(30),
  /** Half-life of the exponentially weighted baseline, in minutes. */
  halfLifeMinutes: z.number().positive().finite().default(60),
  /** A minute below this many bytes never spikes against the baseline. */
  minBytes: z.number().min(0).finite().default(10_000),
  /** How long after a minute ends (event time) it is judged. */
  settleSeconds: z.number().min(0).finite().default(60),
});

export type TrafficSpikeConfig = z.output<typeof schema>;

const MAX_OPEN_MINUTES = 16;
const MAX_RECORDS = 5;

/** A host's learned baseline and the last minute judged against it. */
interface Baseline {
  readonly ewma: Ewma;
  /** Minute index of the last judged minute, or -Infinity. */
  lastJudged: number;
}

/** Who sent how many bytes out, or null when the event does not count. */
export function outboundOf(e: SecurityEvent): { host: string; bytes: number } | null {
  if (e.type !== 'flow') return null;
  const dir = e.direction ?? null;
  let host: string | null;
  let bytes: number | null | undefined;
  if (dir === 'outbound') {
    host = e.ip;
    bytes = e.bytesOut ?? e.bytes;
  } else if (dir === 'inbound') {
    host = e.dst ?? null;
    bytes = e.bytesIn;
  } else if (dir === null) {
    host = e.ip ?? e.host ?? 'local';
    bytes = e.bytesOut ?? e.bytes;
  } else {
    return null;
  }
  if (host === null || bytes == null || !(bytes > 0) || !Number.isFinite(bytes)) return null;
  return { host, bytes };
}

function bump(s: Severity): Severity {
  const i = SEVERITIES.indexOf(s);
  return SEVERITIES[Math.min(i + 1, SEVERITIES.length - 1)] as Severity;
}

/** `2024-05-01 09:41 UTC` */
function minuteLabel(minute: number): string {
  const iso = new Date(minute * MINUTE).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

interface Judgement {
  bytes: number;
  overThreshold: boolean;
  overBaseline: boolean;
  warmedUp: boolean;
  mean: number;
  stdDev: number;
  learnedMinutes: number;
}

class TrafficSpike implements Rule {
  readonly id = TRAFFIC_SPIKE;
  readonly title = 'Traffic spike';
  readonly severity: Severity;
  readonly subjectKind = 'host' as const;
  readonly quietMs: number;
  readonly #config: TrafficSpikeConfig;
  readonly #settleMs: number;
  readonly #idleMs: number;
  readonly #minutes: MinuteBuckets<AttemptRecord, Baseline>;
  /** Latest event time seen. */
  #clock = Number.NEGATIVE_INFINITY;
  /** The context the current judging reports to. */
  #ctx: RuleContext | null = null;
  readonly #judgeOne = (host: string, baseline: Baseline, bucket: MinuteBucket<AttemptRecord>): void =>
    this.#judgeMinute(host, baseline, bucket, this.#ctx as RuleContext);

  constructor(config: TrafficSpikeConfig, maxKeys: number) {
    this.severity = config.severity;
    this.#config = config;
    this.#settleMs = config.settleSeconds * 1000;
    this.quietMs = this.#settleMs + 3 * MINUTE;
    this.#idleMs = Math.max(10 * config.halfLifeMinutes, config.warmupMinutes) * MINUTE;
    this.#minutes = new MinuteBuckets({
      maxKeys,
      maxOpenMinutes: MAX_OPEN_MINUTES,
      maxShares: MAX_RECORDS,
      newState: () => ({ ewma: Ewma.fromHalfLife(config.halfLifeMinutes), lastJudged: Number.NEGATIVE_INFINITY }),
    });
  }

  get trackedKeys(): number {
    return this.#minutes.size;
  }

  onEvent(e: SecurityEvent, ctx: RuleContext): number {
    const t = e.time;
    if (!Number.isFinite(t)) return 0;
    if (t > this.#clock) this.#advance(t, ctx);
    const out = outboundOf(e);
    if (out !== null) {
      const start = e.flowStart ?? t;
      this.#minutes.add(out.host, out.bytes, start, Math.max(start, e.flowEnd ?? start), toRecord(e), t);
    }
    return 0;
  }

  drain(ctx: RuleContext): void {
    this.#judge(Number.POSITIVE_INFINITY, ctx);
  }

  /** The engine sweeps before it closes quiet incidents: minutes judged here still grow theirs. */
  sweep(now: number, ctx?: RuleContext): void {
    if (ctx !== undefined && now > this.#clock) this.#advance(now, ctx);
    this.#minutes.dropIdle(now, this.#idleMs);
  }

  finish(): void {
    this.#minutes.clear();
    this.#clock = Number.NEGATIVE_INFINITY;
  }

  /** Moves the clock to `t` and judges the minutes that settled. */
  #advance(t: number, ctx: RuleContext): void {
    this.#clock = t;
    const through = Math.floor((t - this.#settleMs) / MINUTE) - 1;
    if (through > this.#minutes.judgedThrough) this.#judge(through, ctx);
  }

  #judge(through: number, ctx: RuleContext): void {
    this.#ctx = ctx;
    this.#minutes.judgeThrough(through, this.#judgeOne);
    this.#ctx = null;
  }

  #judgeMinute(host: string, state: Baseline, bucket: MinuteBucket<AttemptRecord>, ctx: RuleContext): void {
    const c = this.#config;
    const baseline = state.ewma;
    if (Number.isFinite(state.lastJudged)) baseline.updateZeros(bucket.minute - state.lastJudged - 1);
    const x = bucket.amount;
    const warmedUp = baseline.count >= c.warmupMinutes;
    const j: Judgement = {
      bytes: x,
      overThreshold: x >= c.thresholdBytes,
      overBaseline: warmedUp && x >= c.minBytes && x > baseline.mean + c.sigmas * baseline.stdDev,
      warmedUp,
      mean: baseline.mean,
      stdDev: baseline.stdDev,
      learnedMinutes: baseline.count,
    };
    baseline.update(x);
    state.lastJudged = bucket.minute;
    if (j.overThreshold || j.overBaseline) this.#report(host, bucket, j, ctx);
  }

  #report(host: string, bucket: MinuteBucket<AttemptRecord>, j: Judgement, ctx: RuleContext): void {
    const shares = [...bucket.shares].sort((a, b) => a.record.time - b.record.time);
    const total = Math.round(bucket.amount);
    const counts = shares.map((s) => Math.round(s.bytes));
    // The evidence lines carry the minute's whole total (the largest one takes the remainder).
    let largest = 0;
    for (let k = 1; k < counts.length; k++) if ((counts[k] as number) > (counts[largest] as number)) largest = k;
    counts[largest] = (counts[largest] as number) + total - counts.reduce((a, b) => a + b, 0);
    const entries: CountedEvent[] = [];
    shares.forEach((s, k) => {
      if ((counts[k] as number) > 0) entries.push({ time: s.record.time, count: counts[k] as number, payload: s.record });
    });
    if (entries.length === 0) return;
    const update = (facts: Facts): void => describe(facts, bucket.minute, j, this.#config);
    const [head, ...rest] = entries as [CountedEvent, ...CountedEvent[]];
    if (ctx.grow(host, head.payload, head.count, update)) {
      for (const entry of rest) ctx.grow(host, entry.payload, entry.count);
      return;
    }
    const facts: Facts = {};
    describe(facts, bucket.minute, j, this.#config);
    const both = j.overThreshold && j.overBaseline;
    ctx.open(hostSubject(host), entries, facts, both ? { severity: bump(this.severity) } : undefined);
  }

  summarize(d: IncidentView): string {
    const f = d.facts;
    const bytes = (f['bytes'] as number | undefined) ?? 0;
    const minute = typeof f['minute'] === 'string' ? minuteLabel(Math.floor(Date.parse(f['minute']) / MINUTE)) : '?';
    let text = `${groupDigits(bytes)} bytes out from ${d.subject.value} in the minute from ${minute}`;
    const reasons: string[] = [];
    if (f['overThreshold'] === true) reasons.push(`over the ${groupDigits(f['thresholdBytes'] as number)}-byte limit`);
    const baseline = `${groupDigits(f['baselineMean'] as number)} ± ${groupDigits(f['baselineStdDev'] as number)} a minute`;
    if (f['overBaseline'] === true) {
      const z = f['sigmasAbove'];
      reasons.push(`${typeof z === 'number' ? `${z} σ` : 'far'} above its baseline of ${baseline}`);
    } else if (f['warmedUp'] === true) {
      reasons.push(`baseline ${baseline}`);
    } else {
      reasons.push(`no baseline yet (${f['learnedMinutes'] as number} of ${f['warmupMinutes'] as number} min learned)`);
    }
    text += `: ${reasons.join(', ')}`;
    const minutes = (f['spikeMinutes'] as number | undefined) ?? 1;
    if (minutes > 1) text += `; ${minutes} spiking minutes, peak ${groupDigits(f['peakBytes'] as number)} bytes`;
    return text;
  }
}

/** Facts of the latest spiking minute, plus the running peak and count. */
function describe(facts: Facts, minute: number, j: Judgement, c: TrafficSpikeConfig): void {
  const bytes = Math.round(j.bytes);
  const previous = typeof facts['spikeMinutes'] === 'number' ? facts['spikeMinutes'] : 0;
  facts['spikeMinutes'] = previous + 1;
  facts['peakBytes'] = Math.max(bytes, typeof facts['peakBytes'] === 'number' ? facts['peakBytes'] : 0);
  facts['bytes'] = bytes;
  facts['minute'] = new Date(minute * MINUTE).toISOString();
  facts['thresholdBytes'] = c.thresholdBytes;
  facts['overThreshold'] = j.overThreshold;
  facts['overBaseline'] = j.overBaseline;
  facts['warmedUp'] = j.warmedUp;
  facts['learnedMinutes'] = j.learnedMinutes;
  facts['warmupMinutes'] = c.warmupMinutes;
  facts['baselineMean'] = Math.round(j.mean);
  facts['baselineStdDev'] = Math.round(j.stdDev);
  facts['sigmas'] = c.sigmas;
  if (j.stdDev > 0) facts['sigmasAbove'] = Math.round(((j.bytes - j.mean) / j.stdDev) * 10) / 10;
  else delete facts['sigmasAbove'];
}

export const trafficSpikeRule = defineRule({
  id: TRAFFIC_SPIKE,
  configKey: 'trafficSpike',
  title: 'Traffic spike',
  description: "a host's outbound bytes in a minute reach `thresholdBytes`, or exceed its learned baseline by more than `sigmas` standard deviations",
  schema,
  create: (config, ctx) => new TrafficSpike(config, ctx.maxTrackedKeys),
});

/** A TRAFFIC_SPIKE rule outside the catalogue (tests, benchmarks). */
export function createTrafficSpike(config: Partial<TrafficSpikeConfig> = {}, maxTrackedKeys = 100_000): Rule {
  return new TrafficSpike({ ...trafficSpikeRule.defaults, ...config }, maxTrackedKeys);
}
