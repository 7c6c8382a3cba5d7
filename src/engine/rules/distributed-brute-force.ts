/**
 * DISTRIBUTED_BRUTE_FORCE: many source IPs failing on the same user name — one account attacked
 * from a botnet, each address staying below the per-IP rules.
 *
 * "At least `distinctIps` distinct IPs failing on one user name within `windowSeconds`": with the
 * defaults (20, 5 min) the failure from the 20th distinct IP within 300 s fires and 19 IPs do not;
 * a 20th IP exactly 300.000 s after the first does not (the first has left the window).
 * Failures count as BRUTE_FORCE counts them (`attemptsOf`); names compare as logged. The mechanics
 * are PASSWORD_SPRAY's with key and value swapped (support/distinct-failures.ts).
 *
 * The subject is the user name: there is no single IP to block (`alert.ip` is null); facts.ips
 * lists the addresses (capped at 200, then `ipsTruncated`). One incident per name: further
 * failures on it grow the incident (count = failed attempts, new IPs added to facts.ips); it closes
 * after a full window without a failure. State is bounded: per-name IP sets expire with the window
 * and hold at most `distinctIps` addresses, tracked names are capped (LRU).
 */
import * as z from 'zod';
import { userSubject, type Subject } from '../model/subject.js';
import { formatDuration } from '../alerts/alert-builder.js';
import { baseRuleShape, defineRule, type IncidentView, type Rule } from './rule.js';
import { DistinctFailuresRule, type DistinctFactNames } from './support/distinct-failures.js';
import { listHead } from './support/format.js';

export const DISTRIBUTED_BRUTE_FORCE = 'DISTRIBUTED_BRUTE_FORCE';

const schema = z.strictObject({
  ...baseRuleShape('HIGH'),
  /** Distinct source IPs failing on one name within the window that fire. */
  distinctIps: z.number().int().min(2).default(20),
  windowSeconds: z.number().positive().finite().default(300),
});

export type DistributedBruteForceConfig = z.output<typeof schema>;

const FACTS: DistinctFactNames = { list: 'ips', count: 'distinctIps', truncated: 'ipsTruncated', max: 200 };

class DistributedBruteForce extends DistinctFailuresRule {
  readonly id = DISTRIBUTED_BRUTE_FORCE;
  readonly title = 'Distributed brute force';
  readonly subjectKind = 'user' as const;

  constructor(config: DistributedBruteForceConfig, maxKeys: number) {
    super({ severity: config.severity, threshold: config.distinctIps, windowSeconds: config.windowSeconds, maxKeys }, FACTS);
  }

  protected keyOf(_ip: string, user: string): string {
    return user;
  }

  protected valueOf(ip: string): string {
    return ip;
  }

  protected subjectOf(key: string): Subject {
    return userSubject(key);
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
