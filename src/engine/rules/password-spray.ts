/**
 * PASSWORD_SPRAY: one source IP failing on many different user names, in event time.
 *
 * "At least `distinctUsers` distinct user names within `windowSeconds`": with the defaults (10,
 * 10 min) the failure that names the 10th distinct user within 600 s fires; 9 names do not, and a
 * 10th name exactly 600.000 s after the first does not (the first has left the window).
 *
 * What counts: failed attempts as BRUTE_FORCE counts them (`AttemptCounter`: `Failed …`, invalid /
 * disallowed users, `message repeated N times`), from an IP and naming a user. The same name twice
 * is one name; names are compared as logged (attacker-controlled, escaped only for display).
 *
 * One incident per IP: once fired, further failures grow it (count = failed attempts, facts.users
 * the names tried); it closes after a full window without a failure. State is bounded: per-IP name
 * sets expire with the window and hold at most `distinctUsers` names, tracked IPs are capped (LRU).
 */
import * as z from 'zod';
import type { Severity } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import { ipSubject } from '../model/subject.js';
import { formatDuration } from '../alerts/alert-builder.js';
import { DistinctWindow } from '../windows/distinct-window.js';
import { baseRuleShape, defineRule, type AttemptRecord, type Facts, type IncidentView, type Rule, type RuleContext } from './rule.js';
import { AttemptCounter } from './support/attempts.js';
import { toRecord } from './support/record.js';

export const PASSWORD_SPRAY = 'PASSWORD_SPRAY';

const schema = z.strictObject({
  ...baseRuleShape('HIGH'),
  /** Distinct user names within the window that fire. */
  distinctUsers: z.number().int().min(2).default(10),
  windowSeconds: z.number().positive().finite().default(600),
});

export type PasswordSprayConfig = z.output<typeof schema>;

/** Names listed in the facts; past it `usersTruncated` is set. */
const MAX_FACT_USERS = 100;
const SUMMARY_USERS = 3;

function noteUser(facts: Facts, user: string): void {
  const users = facts['users'];
  if (!Array.isArray(users) || facts['usersTruncated'] === true || users.includes(user)) return;
  if (users.length >= MAX_FACT_USERS) {
    facts['usersTruncated'] = true;
    return;
  }
  (users as string[]).push(user);
  facts['distinctUsers'] = users.length;
}

class PasswordSpray implements Rule {
  readonly id = PASSWORD_SPRAY;
  readonly title = 'Password spray';
  readonly severity: Severity;
  readonly subjectKind = 'ip' as const;
  readonly quietMs: number;
  readonly #threshold: number;
  readonly #windowSeconds: number;
  readonly #window: DistinctWindow<string, string, AttemptRecord, SecurityEvent>;
  readonly #attempts: AttemptCounter;
  /** The name the facts update below adds (set just before each grow: no closure per event). */
  #growUser = '';
  readonly #noteGrowUser = (facts: Facts): void => noteUser(facts, this.#growUser);

  constructor(config: PasswordSprayConfig, maxKeys: number) {
    this.severity = config.severity;
    this.#threshold = config.distinctUsers;
    this.#windowSeconds = config.windowSeconds;
    this.quietMs = config.windowSeconds * 1000;
    this.#window = new DistinctWindow({ windowMs: this.quietMs, maxKeys, maxValuesPerKey: config.distinctUsers, toPayload: toRecord });
    this.#attempts = new AttemptCounter(Math.min(50_000, maxKeys));
  }

  get trackedKeys(): number {
    return this.#window.size;
  }

  onEvent(e: SecurityEvent, ctx: RuleContext): number {
    if (e.ip === null || !Number.isFinite(e.time)) return 0;
    const n = this.#attempts.count(e);
    const user = e.user;
    if (n <= 0 || user === null) return 0;
    const ip = e.ip;
    if (ctx.isOpen(ip)) {
      this.#growUser = user;
      if (ctx.grow(ip, e, n, this.#noteGrowUser)) return 0;
    }
    const distinct = this.#window.add(ip, user, e.time, n, e);
    if (distinct < this.#threshold) return 0;
    const entries = this.#window.entries(ip);
    this.#window.delete(ip);
    const facts: Facts = { users: [], distinctUsers: 0, windowSeconds: this.#windowSeconds };
    for (const entry of entries) noteUser(facts, entry.value);
    ctx.open(ipSubject(ip), entries, facts);
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
