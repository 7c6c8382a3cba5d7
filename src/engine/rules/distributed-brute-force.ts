/**
 * DISTRIBUTED_BRUTE_FORCE: many source IPs failing on the same user name — one account attacked
 * from a botnet, each address staying below the per-IP rules.
 *
 * "At least `distinctIps` distinct IPs failing on one user name within `windowSeconds`": with the
 * defaults (20, 5 min) the failure from the 20th distinct IP within 300 s fires and 19 IPs do not;
 * a 20th IP exactly 300.000 s after the first does not (the first has left the window).
 * Failures count as BRUTE_FORCE counts them (`AttemptCounter`); names compare as logged.
 *
 * The subject is the user name: there is no single IP to block (`alert.ip` is null); facts.ips
 * lists the addresses (capped at 200, then `ipsTruncated`). One incident per name: further
 * failures on it grow the incident (count = failed attempts, new IPs added to facts.ips); it closes
 * after a full window without a failure. State is bounded: per-name IP sets expire with the window
 * and hold at most `distinctIps` addresses, tracked names are capped (LRU).
 */
import * as z from 'zod';
import type { Severity } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import { userSubject } from '../model/subject.js';
import { formatDuration } from '../alerts/alert-builder.js';
import { DistinctWindow } from '../windows/distinct-window.js';
import { baseRuleShape, defineRule, type AttemptRecord, type Facts, type IncidentView, type Rule, type RuleContext } from './rule.js';
import { AttemptCounter } from './support/attempts.js';
import { listHead } from './support/format.js';
import { toRecord } from './support/record.js';

export const DISTRIBUTED_BRUTE_FORCE = 'DISTRIBUTED_BRUTE_FORCE';

const schema = z.strictObject({
  ...baseRuleShape('HIGH'),
  /** Distinct source IPs failing on one name within the window that fire. */
  distinctIps: z.number().int().min(2).default(20),
  windowSeconds: z.number().positive().finite().default(300),
});

export type DistributedBruteForceConfig = z.output<typeof schema>;

const MAX_FACT_IPS = 200;

function noteIp(facts: Facts, ip: string): void {
  const ips = facts['ips'];
  // Once the list is full nothing can be added: skip the scan (a botnet keeps sending new ones).
  if (!Array.isArray(ips) || facts['ipsTruncated'] === true || ips.includes(ip)) return;
  if (ips.length >= MAX_FACT_IPS) {
    facts['ipsTruncated'] = true;
    return;
  }
  (ips as string[]).push(ip);
  facts['distinctIps'] = ips.length;
}

class DistributedBruteForce implements Rule {
  readonly id = DISTRIBUTED_BRUTE_FORCE;
  readonly title = 'Distributed brute force';
  readonly severity: Severity;
  readonly subjectKind = 'user' as const;
  readonly quietMs: number;
  readonly #threshold: number;
  readonly #windowSeconds: number;
  readonly #window: DistinctWindow<string, string, AttemptRecord, SecurityEvent>;
  readonly #attempts: AttemptCounter;
  /** The address the facts update below adds (set just before each grow: no closure per event). */
  #growIp = '';
  readonly #noteGrowIp = (facts: Facts): void => noteIp(facts, this.#growIp);

  constructor(config: DistributedBruteForceConfig, maxKeys: number) {
    this.severity = config.severity;
    this.#threshold = config.distinctIps;
    this.#windowSeconds = config.windowSeconds;
    this.quietMs = config.windowSeconds * 1000;
    this.#window = new DistinctWindow({ windowMs: this.quietMs, maxKeys, maxValuesPerKey: config.distinctIps, toPayload: toRecord });
    this.#attempts = new AttemptCounter(Math.min(50_000, maxKeys));
  }

  get trackedKeys(): number {
    return this.#window.size;
  }

  onEvent(e: SecurityEvent, ctx: RuleContext): number {
    const ip = e.ip;
    if (ip === null || !Number.isFinite(e.time)) return 0;
    const n = this.#attempts.count(e);
    const user = e.user;
    if (n <= 0 || user === null) return 0;
    if (ctx.isOpen(user)) {
      this.#growIp = ip;
      if (ctx.grow(user, e, n, this.#noteGrowIp)) return 0;
    }
    const distinct = this.#window.add(user, ip, e.time, n, e);
    if (distinct < this.#threshold) return 0;
    const entries = this.#window.entries(user);
    this.#window.delete(user);
    const facts: Facts = { ips: [], distinctIps: 0, windowSeconds: this.#windowSeconds };
    for (const entry of entries) noteIp(facts, entry.value);
    ctx.open(userSubject(user), entries, facts);
    return 0;
  }

  sweep(now: number): void {
    this.#window.expire(now);
    this.#attempts.sweep(now);
  }

  finish(): void {
    this.#window.clear();
    this.#attempts.clear();
  }

  summarize(d: IncidentView): string {
    const ips = (d.facts['ips'] as readonly string[] | undefined) ?? [];
    const n = (d.facts['distinctIps'] as number | undefined) ?? ips.length;
    const more = d.facts['ipsTruncated'] === true ? '+' : '';
    let text = `${n}${more} IPs failed on user ${d.subject.value} within ${formatDuration(d.lastSeen - d.firstSeen)}: ${listHead(ips, 3)}`;
    text += ` (${d.count} failed login${d.count === 1 ? '' : 's'}`;
    if (d.hosts.length === 1) text += ` on ${d.hosts[0] as string}`;
    return `${text})`;
  }
}

export const distributedBruteForceRule = defineRule({
  id: DISTRIBUTED_BRUTE_FORCE,
  configKey: 'distributedBruteForce',
  title: 'Distributed brute force',
  description: 'at least `distinctIps` different IPs failing on the same user name within `windowSeconds`',
  schema,
  create: (config, ctx) => new DistributedBruteForce(config, ctx.maxTrackedKeys),
});

/** A DISTRIBUTED_BRUTE_FORCE rule outside the catalogue (tests, benchmarks). */
export function createDistributedBruteForce(config: Partial<DistributedBruteForceConfig> = {}, maxTrackedKeys = 100_000): Rule {
  return new DistributedBruteForce({ ...distributedBruteForceRule.defaults, ...config }, maxTrackedKeys);
}
