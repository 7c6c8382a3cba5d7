/**
 * LOGIN_AFTER_FAILURES: a successful login from an IP that failed repeatedly just before — a
 * possible compromise.
 *
 * "At least `failures` failed attempts from the IP in the `windowSeconds` before the login": with
 * the defaults (5, 10 min) a login after 5 failures fires and after 4 does not; a failure exactly
 * 600.000 s before the login is outside its window, and failures logged after the login (later
 * timestamps) are not "preceding" it. Failures count as BRUTE_FORCE counts them (`AttemptCounter`),
 * for any user: an attacker who guesses a different account than the one it hammered still counts.
 *
 * Out of order: a failure that arrives after the login but carries an earlier timestamp (two files
 * merged, a relay's delay) is still counted for that login if it arrives within `LATE_MS` of event
 * time: the last login of each IP that did not fire is remembered that long.
 *
 * One incident per IP: the alert's count is the failures before the login plus the login itself;
 * later logins and failures from the IP grow it (facts.logins, facts.failures), and it closes after
 * a full window without either. After it fired, the failures that led to it are forgotten.
 * State is bounded: per-IP failure windows expire with the window and keep the newest
 * max(`failures`, 8) entries (`RecentWindow`: the threshold is decided exactly; past the cap
 * facts.failures is a lower bound, flagged `failuresAtLeast`), tracked IPs and remembered logins
 * are capped (LRU).
 */
import * as z from 'zod';
import type { Severity } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import { ipSubject } from '../model/subject.js';
import { formatDuration } from '../alerts/alert-builder.js';
import { LruMap } from '../windows/lru-map.js';
import { RecentWindow } from '../windows/recent-window.js';
import { baseRuleShape, defineRule, type AttemptRecord, type CountedEvent, type Facts, type IncidentView, type Rule, type RuleContext } from './rule.js';
import { AttemptCounter } from './support/attempts.js';
import { listHead } from './support/format.js';
import { addToList, toRecord } from './support/record.js';
import { keptField } from '../text/excerpt.js';

export const LOGIN_AFTER_FAILURES = 'LOGIN_AFTER_FAILURES';

const schema = z.strictObject({
  ...baseRuleShape('CRITICAL'),
  /** Failed attempts in the window before a login that make it suspicious. */
  failures: z.number().int().min(1).default(5),
  windowSeconds: z.number().positive().finite().default(600),
});

export type LoginAfterFailuresConfig = z.output<typeof schema>;

/** How long (event time) a login that did not fire waits for failures that arrive late. */
export const LATE_MS = 10_000;
const MAX_FACT_USERS = 20;
/** Failures kept per IP (the newest; also the evidence before the login). */
const MAX_KEPT_FAILURES = 8;

interface Login {
  readonly time: number;
  readonly record: AttemptRecord;
  readonly user: string | null;
  readonly method: string | null;
}

class LoginAfterFailures implements Rule {
  readonly id = LOGIN_AFTER_FAILURES;
  readonly title = 'Login after failures';
  readonly severity: Severity;
  readonly subjectKind = 'ip' as const;
  readonly quietMs: number;
  readonly #threshold: number;
  readonly #windowMs: number;
  readonly #failures: RecentWindow<string, AttemptRecord>;
  readonly #logins: LruMap<string, Login>;
  readonly #attempts: AttemptCounter;
  /** The failure the facts update below adds (set just before each grow: no closure per event). */
  #growFailures = 0;
  #growUser: string | null = null;
  readonly #noteGrowFailure = (facts: Facts): void => noteFailure(facts, this.#growFailures, this.#growUser);
  #now = 0;
  readonly #loginExpired = (l: Login): boolean => this.#now - l.time >= LATE_MS;

  constructor(config: LoginAfterFailuresConfig, maxKeys: number) {
    this.severity = config.severity;
    this.#threshold = config.failures;
    this.#windowMs = config.windowSeconds * 1000;
    this.quietMs = this.#windowMs;
    this.#failures = new RecentWindow({ windowMs: this.#windowMs, maxKeys, maxEntriesPerKey: Math.max(config.failures, MAX_KEPT_FAILURES) });
    this.#logins = new LruMap(Math.min(maxKeys, 10_000));
    this.#attempts = new AttemptCounter(Math.min(50_000, maxKeys));
  }

  get trackedKeys(): number {
    return this.#failures.size;
  }

  onEvent(e: SecurityEvent, ctx: RuleContext): number {
    const ip = e.ip;
    if (ip === null || !Number.isFinite(e.time)) return 0;
    if (e.type === 'auth_success') {
      const record = toRecord(e);
      const login: Login = { time: e.time, record, user: record.user, method: e.method == null ? null : keptField(e.method, e.raw) };
      if (ctx.isOpen(ip) && ctx.grow(ip, e, 1, noteLogin)) return 0;
      if (!this.#fireIfDue(ip, login, ctx)) this.#logins.set(ip, login);
      return 0;
    }
    const n = this.#attempts.count(e);
    if (n <= 0) return 0;
    if (ctx.isOpen(ip)) {
      this.#growFailures = n;
      this.#growUser = e.user;
      if (ctx.grow(ip, e, n, this.#noteGrowFailure)) return 0;
    }
    this.#failures.add(ip, e.time, n, toRecord(e));
    const login = this.#logins.size > 0 ? this.#logins.peek(ip) : undefined;
    if (login !== undefined && e.time <= login.time && login.time - e.time < this.#windowMs) {
      if (this.#fireIfDue(ip, login, ctx)) this.#logins.delete(ip);
    }
    return 0;
  }

  /** Opens the incident when the IP has enough failures before `login`; true when it did. */
  #fireIfDue(ip: string, login: Login, ctx: RuleContext): boolean {
    if (this.#failures.sum(ip, login.time) < this.#threshold) return false;
    const before = this.#failures.entries(ip).filter((x) => x.time <= login.time && login.time - x.time < this.#windowMs);
    // Older failures were dropped for room: the count is then a lower bound.
    const atLeast = login.time - this.#failures.droppedAt(ip) < this.#windowMs;
    this.#failures.delete(ip);
    let failed = 0;
    const users: string[] = [];
    for (const x of before) {
      failed += x.count;
      if (x.payload.user !== null) addToList(users, x.payload.user, MAX_FACT_USERS);
    }
    const first = before[0]?.time ?? login.time;
    const last = before[before.length - 1]?.time ?? login.time;
    const facts: Facts = {
      failures: failed,
      failedUsers: users,
      firstFailureAt: new Date(first).toISOString(),
      lastFailureAt: new Date(last).toISOString(),
      secondsBeforeLogin: Math.round((login.time - first) / 1000),
      loginAt: new Date(login.time).toISOString(),
      logins: 1,
      windowSeconds: this.#windowMs / 1000,
    };
    if (atLeast) facts['failuresAtLeast'] = true;
    if (login.user !== null) facts['loginUser'] = login.user;
    if (login.method !== null) facts['method'] = login.method;
    const entries: CountedEvent[] = [...before, { time: login.time, count: 1, payload: login.record }];
    ctx.open(ipSubject(ip), entries, facts);
    return true;
  }

  sweep(now: number): void {
    this.#now = now;
    this.#failures.expire(now);
    this.#attempts.sweep(now);
    if (this.#logins.size > 0) this.#logins.dropOldestWhile(this.#loginExpired);
  }

  finish(): void {
    this.#failures.clear();
    this.#logins.clear();
    this.#attempts.clear();
  }

  summarize(d: IncidentView): string {
    const f = d.facts;
    const user = typeof f['loginUser'] === 'string' ? f['loginUser'] : 'a user';
    const method = typeof f['method'] === 'string' ? ` (${f['method']})` : '';
    const failures = (f['failures'] as number | undefined) ?? 0;
    const before = (f['secondsBeforeLogin'] as number | undefined) ?? 0;
    const users = (f['failedUsers'] as readonly string[] | undefined) ?? [];
    const atLeast = f['failuresAtLeast'] === true ? 'at least ' : '';
    let text = `${user} logged in${method} from ${d.subject.value} after ${atLeast}${failures} failed login${failures === 1 ? '' : 's'} in the preceding ${formatDuration(before * 1000)}`;
    if (users.length > 0) text += ` (tried: ${listHead(users, 3)})`;
    if (d.hosts.length === 1) text += ` on ${d.hosts[0] as string}`;
    const logins = (f['logins'] as number | undefined) ?? 1;
    if (logins > 1) text += `; ${logins} logins since`;
    return text;
  }
}

function noteLogin(facts: Facts): void {
  facts['logins'] = ((facts['logins'] as number | undefined) ?? 1) + 1;
}

function noteFailure(facts: Facts, n: number, user: string | null): void {
  facts['failures'] = ((facts['failures'] as number | undefined) ?? 0) + n;
  if (user !== null && Array.isArray(facts['failedUsers'])) addToList(facts['failedUsers'] as string[], user, MAX_FACT_USERS);
}

export const loginAfterFailuresRule = defineRule({
  id: LOGIN_AFTER_FAILURES,
  configKey: 'loginAfterFailures',
  title: 'Login after failures',
  description: 'a successful login from an IP with at least `failures` failed attempts in the preceding `windowSeconds`',
  schema,
  create: (config, ctx) => new LoginAfterFailures(config, ctx.maxTrackedKeys),
});

/** A LOGIN_AFTER_FAILURES rule outside the catalogue (tests, benchmarks). */
export function createLoginAfterFailures(config: Partial<LoginAfterFailuresConfig> = {}, maxTrackedKeys = 100_000): Rule {
  return new LoginAfterFailures({ ...loginAfterFailuresRule.defaults, ...config }, maxTrackedKeys);
}
