/**
 * Rule contract. A rule reads events in event time, keeps its own bounded windows, and reports
 * hits about a *subject* (an IP, a user, a host, an IP and user) to a `RuleContext`. The shared
 * incident tracker behind that context owns the incident lifecycle for every rule: open, grow,
 * close after a quiet window, the cap on open incidents and eviction. Alert building, enrichment
 * and statuses happen further down, never in a rule. A rule also writes its alert's summary
 * sentence, from the incident it sees.
 *
 * Adding a rule: one file exporting a `RuleDefinition` (made with `defineRule`) and one line in
 * `src/engine/rules/index.ts`. The config section (`rules.<configKey>`), its defaults and the
 * `config` command's output come from the definition's schema.
 */
import * as z from 'zod';
import { definePlugin, type PluginDefinition } from '../plugin.js';
import { SEVERITIES, type Alert, type Severity } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import type { Subject, SubjectKind } from '../model/subject.js';
import type { WindowEntry } from '../windows/keyed-window.js';

/**
 * What an incident needs from one event: users, hosts, program family, suspicious marker and the
 * evidence line. A `SecurityEvent` is one; rules that keep many pending attempts (one per source IP
 * under a flood) keep this compact copy instead of the parser's whole event.
 */
export type AttemptRecord = Pick<SecurityEvent, 'time' | 'user' | 'host' | 'program' | 'file' | 'line' | 'raw'> & {
  readonly flags?: readonly string[];
};

/** One counted contribution to an incident: the record and how many units it stood for. */
export type CountedEvent = WindowEntry<AttemptRecord>;

/** A rule's own facts about an incident (ports hit, users sprayed, bytes…), shown in the detail view. */
export type FactValue = string | number | boolean | readonly string[] | readonly number[];
export type Facts = Record<string, FactValue>;
/** Updates an incident's facts in place. */
export type FactsUpdate = (facts: Facts) => void;

/** How a rule may shape the alert it opens; both optional. */
export interface OpenOptions {
  /** This incident's severity before intel escalation, instead of the rule's `severity`. */
  readonly severity?: Severity;
  /** Flags the alert carries from the start (e.g. `SPOOFABLE`). */
  readonly flags?: readonly string[];
}

export interface RuleContext {
  /**
   * Adds to the open incident for `key` (the subject's value). `counted` 0 adds context only
   * (users, hosts). Returns false when no incident is open for `key` at `record.time`: an incident
   * that has been quiet for the rule's `quietMs` is closed first, and the caller starts counting anew.
   */
  grow(key: string, record: AttemptRecord, counted: number, facts?: FactsUpdate): boolean;
  /** True while an incident for `key` is open (not yet closed by a sweep). */
  isOpen(key: string): boolean;
  /** Opens an incident: `entries` are the counted records that crossed the threshold, oldest first. */
  open(subject: Subject, entries: readonly CountedEvent[], facts?: Facts, options?: OpenOptions): void;
}

export interface Rule {
  readonly id: string;
  readonly title: string;
  /** Severity of a fresh alert, before enrichment. */
  readonly severity: Severity;
  readonly subjectKind: SubjectKind;
  /** An incident closes after this much event time without a counted hit. */
  readonly quietMs: number;
  /**
   * Processes one event; returns how many failed login attempts it counted for the timeline (only
   * BRUTE_FORCE does: the engine adds every rule's answer, so other rules return 0).
   */
  onEvent(event: SecurityEvent, ctx: RuleContext): number;
  /**
   * Optional: told about every alert any rule raises (after it is raised), in raise order, with this
   * rule's own context. Alerts the hook itself raises are delivered too, after it returns.
   */
  onAlertRaised?(alert: Alert, ctx: RuleContext): void;
  /**
   * Optional: end of input, before the tracker closes the incidents: report what is still pending
   * (e.g. time buckets that would have been judged once later events arrived).
   */
  drain?(ctx: RuleContext): void;
  /**
   * Drops the rule's own expired state, as of event time `now`. The engine calls it once per
   * second of event time, before closing quiet incidents, and passes the rule's context so a rule
   * may report what time passing settles (the engine always passes it; direct callers may not).
   */
  sweep(now: number, ctx?: RuleContext): void;
  /** End of input: drops all state (the tracker closes the incidents). */
  finish(): void;
  /** Keys currently tracked below the threshold (for bounds checks and stats). */
  readonly trackedKeys: number;
  /** The alert's one readable sentence, from the incident as it stands. */
  summarize(incident: IncidentView): string;
}

/** What a rule sees of an incident when it writes the summary. */
export interface IncidentView {
  readonly subject: Subject;
  readonly count: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly users: readonly string[];
  readonly usersTruncated: boolean;
  readonly hosts: readonly string[];
  /** False once a counted record came from outside the sshd family. */
  readonly sshOnly: boolean;
  readonly facts: Readonly<Facts>;
}

/** Every rule's config has these two keys besides its own. */
export interface BaseRuleConfig {
  enabled: boolean;
  /** Severity of a fresh alert, before intel escalation. */
  severity: Severity;
}

/** What the runtime passes every rule at creation: bounds that depend on the front end. */
export interface RuleCreateContext {
  /** Cap on subjects tracked below the threshold, per rule. */
  readonly maxTrackedKeys: number;
}

export type RuleDefinition<C extends BaseRuleConfig = BaseRuleConfig> = PluginDefinition<'rule', C, RuleCreateContext, Rule> & {
  readonly title: string;
};

/** `enabled` and `severity` with this rule's default severity, to spread into a rule's schema. */
export function baseRuleShape(severity: Severity) {
  return {
    enabled: z.boolean().default(true),
    severity: z.enum(SEVERITIES).default(severity),
  };
}

export function defineRule<C extends BaseRuleConfig>(spec: {
  id: string;
  configKey: string;
  title: string;
  description: string;
  schema: z.ZodType<C>;
  create(config: C, ctx: RuleCreateContext): Rule;
}): RuleDefinition<C> {
  const def = definePlugin<'rule', C, RuleCreateContext, Rule>({ kind: 'rule', ...spec });
  return Object.freeze({ ...def, title: spec.title });
}
