/**
 * SLOW_BRUTE_FORCE: many failed logins from one IP over a long window, kept below BRUTE_FORCE's rate.
 *
 * "At least `attempts` failed attempts within `windowSeconds`, none of them part of a brute-force
 * burst": with the defaults (20, 1 h) the 20th failure within 3600 s fires and the 19th does not;
 * a 20th failure exactly 3600.000 s after the first does not (the first has left the window).
 *
 * How it knows BRUTE_FORCE did not trip: it applies BRUTE_FORCE's own test to the attempts it
 * counts — more than `fastThreshold` attempts within `fastWindowSeconds` is a burst (defaults 5 and
 * 60 s, BRUTE_FORCE's defaults; set them to your `bruteForce` values when you change those). A
 * burst empties the IP's window, and the IP's attempts are not counted until `windowSeconds` after
 * that burst, so no window SLOW_BRUTE_FORCE fires on contains a burst (an IP still bursting when
 * counting resumes is caught again at its first burst). This keeps the rule independent of whether
 * BRUTE_FORCE is enabled and of rule order. Failures count as BRUTE_FORCE counts them
 * (`AttemptCounter`).
 *
 * One incident per IP: once fired, further failures grow it; it closes after a full window without
 * one. facts.peakInFastWindow is the most attempts within any `fastWindowSeconds` when it fired.
 * State is bounded: the window expires with its width and holds at most `attempts`+1 entries per IP
 * (later ones merge into the newest, the sum never under-counts), tracked IPs and bursts are capped
 * (LRU).
 */
import * as z from 'zod';
import type { Severity } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import { ipSubject } from '../model/subject.js';
import { formatDuration } from '../alerts/alert-builder.js';
import { KeyedWindow, type WindowEntry } from '../windows/keyed-window.js';
import { LruMap } from '../windows/lru-map.js';
import { baseRuleShape, defineRule, type AttemptRecord, type Facts, type IncidentView, type Rule, type RuleContext } from './rule.js';
import { AttemptCounter } from './support/attempts.js';
import { toRecord } from './support/record.js';

export const SLOW_BRUTE_FORCE = 'SLOW_BRUTE_FORCE';

const schema = z.strictObject({
  ...baseRuleShape('MEDIUM'),
  /** Failed attempts within the window that fire. */
  attempts: z.number().int().min(2).default(20),
  windowSeconds: z.number().positive().finite().default(3600),
  /** BRUTE_FORCE's `threshold`: attempts allowed within `fastWindowSeconds`; one more is a burst. */
  fastThreshold: z.number().int().min(1).default(5),
  /** BRUTE_FORCE's `windowSeconds`. */
  fastWindowSeconds: z.number().positive().finite().default(60),
});

export type SlowBruteForceConfig = z.output<typeof schema>;

/** The most units within any `windowMs` span of time-sorted entries. */
export function peakWithin(entries: readonly Pick<WindowEntry<unknown>, 'time' | 'count'>[], windowMs: number): number {
  let peak = 0;
  let sum = 0;
  let lo = 0;
  for (let hi = 0; hi < entries.length; hi++) {
    const e = entries[hi]!;
    sum += e.count;
    while (e.time - entries[lo]!.time >= windowMs) sum -= entries[lo++]!.count;
    if (sum > peak) peak = sum;
  }
  return peak;
}

class SlowBruteForce implements Rule {
  readonly id = SLOW_BRUTE_FORCE;
  readonly title = 'Slow brute force';
  readonly severity: Severity;
  readonly subjectKind = 'ip' as const;
  readonly quietMs: number;
  readonly #config: SlowBruteForceConfig;
  readonly #windowMs: number;
  readonly #fastMs: number;
  readonly #slow: KeyedWindow<string, AttemptRecord>;
  /** IP → event time of its latest burst. */
  readonly #bursts: LruMap<string, number>;
  readonly #attempts: AttemptCounter;
  #now = 0;
  readonly #burstExpired = (t: number): boolean => this.#now - t >= this.#windowMs;

  constructor(config: SlowBruteForceConfig, maxKeys: number) {
    if (config.fastWindowSeconds >= config.windowSeconds) {
      throw new RangeError(`fastWindowSeconds (${config.fastWindowSeconds}) must be shorter than windowSeconds (${config.windowSeconds})`);
    }
    this.severity = config.severity;
    this.#config = config;
    this.#windowMs = config.windowSeconds * 1000;
    this.quietMs = this.#windowMs;
    this.#slow = new KeyedWindow({ windowMs: this.#windowMs, maxKeys, maxEntriesPerKey: config.attempts + 1 });
    this.#fastMs = config.fastWindowSeconds * 1000;
    this.#bursts = new LruMap(maxKeys);
    this.#attempts = new AttemptCounter(Math.min(50_000, maxKeys));
  }

  get trackedKeys(): number {
    return this.#slow.size;
  }

  onEvent(e: SecurityEvent, ctx: RuleContext): number {
    const ip = e.ip;
    if (ip === null || !Number.isFinite(e.time)) return 0;
    const n = this.#attempts.count(e);
    if (n <= 0) return 0;
    const t = e.time;
    if (ctx.isOpen(ip) && ctx.grow(ip, e, n)) return 0;
    if (this.#bursts.size > 0) {
      const burst = this.#bursts.peek(ip);
      if (burst !== undefined && t - burst < this.#windowMs) return 0;
    }
    const total = this.#slow.add(ip, t, n, toRecord(e));
    if (this.#slow.sum(ip, t, this.#fastMs) > this.#config.fastThreshold) {
      this.#bursts.set(ip, t);
      this.#slow.delete(ip);
      return 0;
    }
    if (total < this.#config.attempts) return 0;
    const entries = this.#slow.entries(ip);
    this.#slow.delete(ip);
    const facts: Facts = {
      peakInFastWindow: peakWithin(entries, this.#config.fastWindowSeconds * 1000),
      fastThreshold: this.#config.fastThreshold,
      fastWindowSeconds: this.#config.fastWindowSeconds,
      windowSeconds: this.#config.windowSeconds,
    };
    ctx.open(ipSubject(ip), entries, facts);
    return 0;
  }

  sweep(now: number): void {
    this.#now = now;
    this.#slow.expire(now);
    this.#attempts.sweep(now);
    if (this.#bursts.size > 0) this.#bursts.dropOldestWhile(this.#burstExpired);
  }

  finish(): void {
    this.#slow.clear();
    this.#bursts.clear();
    this.#attempts.clear();
  }

  summarize(d: IncidentView): string {
    const f = d.facts;
    const what = d.sshOnly ? 'SSH login' : 'login';
    let text = `${d.count} failed ${what}${d.count === 1 ? '' : 's'} from ${d.subject.value} within ${formatDuration(d.lastSeen - d.firstSeen)}`;
    const peak = f['peakInFastWindow'];
    const fastSeconds = f['fastWindowSeconds'];
    const fastThreshold = f['fastThreshold'];
    if (typeof peak === 'number' && typeof fastSeconds === 'number' && typeof fastThreshold === 'number') {
      text += `, at most ${peak} in any ${fastSeconds} s (a brute-force burst is ${fastThreshold + 1})`;
    }
    const n = d.users.length;
    if (n === 1) text += `, user ${d.users[0] as string}`;
    else if (n > 1) text += `, ${n}${d.usersTruncated ? '+' : ''} users`;
    if (d.hosts.length === 1) text += ` on ${d.hosts[0] as string}`;
    return text;
  }
}

export const slowBruteForceRule = defineRule({
  id: SLOW_BRUTE_FORCE,
  configKey: 'slowBruteForce',
  title: 'Slow brute force',
  description: 'at least `attempts` failed logins from one IP within `windowSeconds`, never more than `fastThreshold` within `fastWindowSeconds` (below BRUTE_FORCE)',
  schema,
  create: (config, ctx) => new SlowBruteForce(config, ctx.maxTrackedKeys),
});

/** A SLOW_BRUTE_FORCE rule outside the catalogue (tests, benchmarks). */
export function createSlowBruteForce(config: Partial<SlowBruteForceConfig> = {}, maxTrackedKeys = 100_000): Rule {
  return new SlowBruteForce({ ...slowBruteForceRule.defaults, ...config }, maxTrackedKeys);
}
