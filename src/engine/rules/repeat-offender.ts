/**
 * REPEAT_OFFENDER: an IP that keeps coming back — fail2ban's `recidive` jail as one rule.
 *
 * "An IP that already had `priorAlerts` alerts (any rule) within `windowSeconds` raises another":
 * with the defaults (3, 24 h) the 4th alert about an IP within 86400 s fires, the 3rd does not, and
 * a 4th alert exactly 86400.000 s after the first does not. Alerts are timed by their event time
 * when raised (the alert's `lastSeen` then). Only alerts about an address count (not those about
 * a user or a host), and never REPEAT_OFFENDER's own.
 *
 * It reads no log lines: the engine hands it every raised alert (`Rule.onAlertRaised`). Severity
 * HIGH; intel escalation (engine) makes it CRITICAL when the IP is listed. Evidence: the latest
 * line of each alert; facts: the alert ids and rules. One incident per IP: alerts raised while it
 * is open grow it; it closes after a full window without one, and counting starts again.
 * Alerts loaded from the store at start-up are not counted (only this run's).
 * State is bounded: per-IP windows expire with the window, tracked IPs are capped (LRU).
 */
import * as z from 'zod';
import type { Alert, Severity } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import { ipSubject } from '../model/subject.js';
import { formatDuration } from '../alerts/alert-builder.js';
import { KeyedWindow } from '../windows/keyed-window.js';
import { baseRuleShape, defineRule, type AttemptRecord, type Facts, type IncidentView, type Rule, type RuleContext } from './rule.js';
import { countedNames } from './support/format.js';

export const REPEAT_OFFENDER = 'REPEAT_OFFENDER';

const schema = z.strictObject({
  ...baseRuleShape('HIGH'),
  /** Alerts an IP may already have within the window; the next one fires. */
  priorAlerts: z.number().int().min(1).default(3),
  windowSeconds: z.number().positive().finite().default(86_400),
});

export type RepeatOffenderConfig = z.output<typeof schema>;

const MAX_FACT_ALERTS = 100;

interface Raised {
  readonly record: AttemptRecord;
  readonly id: string;
  readonly rule: string;
}

/** The alert as one counted record: its raise time and its latest evidence line. */
function recordOf(alert: Alert, time: number): AttemptRecord {
  const ev = alert.evidence[alert.evidence.length - 1];
  return {
    time,
    user: alert.users[0] ?? null,
    host: alert.hosts[0] ?? null,
    program: alert.rule,
    file: ev?.file ?? '',
    line: ev?.line ?? 0,
    raw: ev?.text ?? alert.summary,
  };
}

function noteAlert(facts: Facts, alert: Alert): void {
  const ids = facts['alerts'];
  const rules = facts['rules'];
  if (!Array.isArray(ids) || !Array.isArray(rules) || ids.length >= MAX_FACT_ALERTS) return;
  (ids as string[]).push(alert.id);
  (rules as string[]).push(alert.rule);
}

class RepeatOffender implements Rule {
  readonly id = REPEAT_OFFENDER;
  readonly title = 'Repeat offender';
  readonly severity: Severity;
  readonly subjectKind = 'ip' as const;
  readonly quietMs: number;
  readonly #prior: number;
  readonly #windowSeconds: number;
  readonly #window: KeyedWindow<string, Raised>;

  constructor(config: RepeatOffenderConfig, maxKeys: number) {
    this.severity = config.severity;
    this.#prior = config.priorAlerts;
    this.#windowSeconds = config.windowSeconds;
    this.quietMs = config.windowSeconds * 1000;
    this.#window = new KeyedWindow({ windowMs: this.quietMs, maxKeys, maxEntriesPerKey: config.priorAlerts + 1 });
  }

  get trackedKeys(): number {
    return this.#window.size;
  }

  onEvent(_e: SecurityEvent, _ctx: RuleContext): number {
    return 0;
  }

  onAlertRaised(alert: Alert, ctx: RuleContext): void {
    const ip = alert.ip;
    if (alert.rule === REPEAT_OFFENDER || ip === null) return;
    const time = Date.parse(alert.lastSeen);
    if (!Number.isFinite(time)) return;
    const record = recordOf(alert, time);
    if (ctx.isOpen(ip) && ctx.grow(ip, record, 1, (facts) => noteAlert(facts, alert))) return;
    const total = this.#window.add(ip, time, 1, { record, id: alert.id, rule: alert.rule });
    if (total <= this.#prior) return;
    const raised = this.#window.entries(ip);
    this.#window.delete(ip);
    const facts: Facts = {
      alerts: raised.map((r) => r.payload.id),
      rules: raised.map((r) => r.payload.rule),
      priorAlerts: this.#prior,
      windowSeconds: this.#windowSeconds,
    };
    ctx.open(ipSubject(ip), raised.map((r) => ({ time: r.time, count: r.count, payload: r.payload.record })), facts);
  }

  sweep(now: number): void {
    this.#window.expire(now);
  }

  finish(): void {
    this.#window.clear();
  }

  summarize(d: IncidentView): string {
    const rules = (d.facts['rules'] as readonly string[] | undefined) ?? [];
    let text = `${d.subject.value} raised ${d.count} alerts within ${formatDuration(d.lastSeen - d.firstSeen)}`;
    if (rules.length > 0) text += ` (${countedNames(rules)})`;
    return `${text}: a repeat offender`;
  }
}

export const repeatOffenderRule = defineRule({
  id: REPEAT_OFFENDER,
  configKey: 'repeatOffender',
  title: 'Repeat offender',
  description: 'an IP that already had `priorAlerts` alerts of any rule within `windowSeconds` raises another',
  schema,
  create: (config, ctx) => new RepeatOffender(config, ctx.maxTrackedKeys),
});

/** A REPEAT_OFFENDER rule outside the catalogue (tests, benchmarks). */
export function createRepeatOffender(config: Partial<RepeatOffenderConfig> = {}, maxTrackedKeys = 100_000): Rule {
  return new RepeatOffender({ ...repeatOffenderRule.defaults, ...config }, maxTrackedKeys);
}
