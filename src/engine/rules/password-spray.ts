/**
 * PASSWORD_SPRAY: one source IP failing on many different user names, in event time.
 *
 * "At least `distinctUsers` distinct user names within `windowSeconds`": with the defaults (10,
 * 10 min) the failure that names the 10th distinct user within 600 s fires; 9 names do not, and a
 * 10th name exactly 600.000 s after the first does not (the first has left the window).
 *
 * What counts: failed attempts as BRUTE_FORCE counts them (`attemptsOf`: `Failed …`, invalid /
 * disallowed users, `message repeated N times`), from an IP and naming a user. The same name twice
 * is one name; names are compared as logged (attacker-controlled, escaped only for display).
 *
 * One incident per IP: once fired, further failures grow it (count = failed attempts, facts.users
 * the names tried); it closes after a full window without a failure. State is bounded: per-IP name
 * sets expire with the window and hold at most `distinctUsers` names, tracked IPs are capped (LRU).
 * The mechanics are DISTRIBUTED_BRUTE_FORCE's with key and value swapped (support/distinct-failures.ts).
 */
import * as z from 'zod';
import { ipSubject, type Subject } from '../model/subject.js';
import { formatDuration } from '../alerts/alert-builder.js';
import { baseRuleShape, defineRule, type IncidentView, type Rule } from './rule.js';
import { DistinctFailuresRule, type DistinctFactNames } from './support/distinct-failures.js';

export const PASSWORD_SPRAY = 'PASSWORD_SPRAY';

const schema = z.strictObject({
  ...baseRuleShape('HIGH'),
  /** Distinct user names within the window that fire. */
  distinctUsers: z.number().int().min(2).default(10),
  windowSeconds: z.number().positive().finite().default(600),
});

export type PasswordSprayConfig = z.output<typeof schema>;

/** Names listed in the facts (past it `usersTruncated` is set). */
const FACTS: DistinctFactNames = { list: 'users', count: 'distinctUsers', truncated: 'usersTruncated', max: 100 };
const SUMMARY_USERS = 3;

class PasswordSpray extends DistinctFailuresRule {
  readonly id = PASSWORD_SPRAY;
  readonly title = 'Password spray';
  readonly subjectKind = 'ip' as const;

  constructor(config: PasswordSprayConfig, maxKeys: number) {
    super({ severity: config.severity, threshold: config.distinctUsers, windowSeconds: config.windowSeconds, maxKeys }, FACTS);
  }

  protected keyOf(ip: string): string {
    return ip;
  }

  protected valueOf(_ip: string, user: string): string {
    return user;
  }

  protected subjectOf(key: string): Subject {
    return ipSubject(key);
  }

  summarize(d: IncidentView): string {
    const users = (d.facts['users'] as readonly string[] | undefined) ?? d.users;
    const n = (d.facts['distinctUsers'] as number | undefined) ?? users.length;
    const more = d.facts['usersTruncated'] === true ? '+' : '';
    const shown = users.slice(0, SUMMARY_USERS).join(', ') + (users.length > SUMMARY_USERS ? ', …' : '');
    let text = `${n}${more} user names tried from ${d.subject.value} within ${formatDuration(d.lastSeen - d.firstSeen)}: ${shown}`;
    text += ` (${d.count} failed login${d.count === 1 ? '' : 's'}`;
    if (d.hosts.length === 1) text += ` on ${d.hosts[0] as string}`;
    return `${text})`;
  }
}

export const passwordSprayRule = defineRule({
  id: PASSWORD_SPRAY,
  configKey: 'passwordSpray',
  title: 'Password spray',
  description: 'failed logins from one IP on at least `distinctUsers` different user names within `windowSeconds`',
  schema,
  create: (config, ctx) => new PasswordSpray(config, ctx.maxTrackedKeys),
});

/** A PASSWORD_SPRAY rule outside the catalogue (tests, benchmarks). */
export function createPasswordSpray(config: Partial<PasswordSprayConfig> = {}, maxTrackedKeys = 100_000): Rule {
  return new PasswordSpray({ ...passwordSprayRule.defaults, ...config }, maxTrackedKeys);
}
