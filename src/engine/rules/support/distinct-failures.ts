/**
 * The shape PASSWORD_SPRAY and DISTRIBUTED_BRUTE_FORCE share: failed attempts from one *key* on
 * many distinct *values* within a window — one IP × many user names, or one user name × many IPs.
 *
 * "At least `threshold` distinct values within the window": the failure that brings the
 * threshold-th distinct value fires. Failures count as BRUTE_FORCE counts them (`attemptsOf`: the
 * parser's per-event attempts), only from an IP and naming a user. One incident per key: once fired,
 * further failures grow it (count = failed attempts; new values go to the facts list, capped, then
 * the `…Truncated` fact is set); it closes after a full window without a failure. State is bounded:
 * per-key value sets expire with the window and hold at most `threshold` values, keys are capped
 * (LRU) by `DistinctWindow`.
 *
 * A rule extends `DistinctFailuresRule` and says which side is the key (`keyOf`/`valueOf`), how the
 * subject is made, the names of its facts, and its summary sentence.
 */
import type { SecurityEvent } from '../../model/event.js';
import type { Subject } from '../../model/subject.js';
import type { Severity } from '../../model/alert.js';
import { DistinctWindow } from '../../windows/distinct-window.js';
import type { AttemptRecord, Facts, IncidentView, Rule, RuleContext } from '../rule.js';
import { attemptsOf } from './attempts.js';
import { toRecord } from './record.js';
import { keptField } from '../../text/excerpt.js';

/** The facts a distinct-failures rule keeps: `{ [list]: values, [count]: n, [truncated]?: true, windowSeconds }`. */
export interface DistinctFactNames {
  /** The list of distinct values (`users`, `ips`). */
  readonly list: string;
  /** How many are listed (`distinctUsers`, `distinctIps`). */
  readonly count: string;
  /** Set once the list is full (`usersTruncated`, `ipsTruncated`). */
  readonly truncated: string;
  /** Most values listed. */
  readonly max: number;
}

export interface DistinctFailuresConfig {
  readonly severity: Severity;
  readonly threshold: number;
  readonly windowSeconds: number;
  readonly maxKeys: number;
}

/** Adds `value` to the facts' list (if new and there is room; else marks the list truncated). */
export function noteDistinct(facts: Facts, names: DistinctFactNames, value: string): void {
  const list = facts[names.list];
  // Once the list is full nothing can be added: skip the scan (a botnet keeps sending new ones).
  if (!Array.isArray(list) || facts[names.truncated] === true || list.includes(value)) return;
  if (list.length >= names.max) {
    facts[names.truncated] = true;
    return;
  }
  (list as string[]).push(value);
  facts[names.count] = list.length;
}

export abstract class DistinctFailuresRule implements Rule {
  abstract readonly id: string;
  abstract readonly title: string;
  abstract readonly subjectKind: Rule['subjectKind'];
  readonly severity: Severity;
  readonly quietMs: number;
  readonly #threshold: number;
  readonly #windowSeconds: number;
  readonly #names: DistinctFactNames;
  readonly #window: DistinctWindow<string, string, AttemptRecord, SecurityEvent>;
  /** The value the facts update below adds (set just before each grow: no closure per event). */
  #growValue = '';
  readonly #noteGrow = (facts: Facts): void => noteDistinct(facts, this.#names, this.#growValue);

  constructor(config: DistinctFailuresConfig, names: DistinctFactNames) {
    this.severity = config.severity;
    this.#threshold = config.threshold;
    this.#windowSeconds = config.windowSeconds;
    this.#names = names;
    this.quietMs = config.windowSeconds * 1000;
    this.#window = new DistinctWindow({ windowMs: this.quietMs, maxKeys: config.maxKeys, maxValuesPerKey: config.threshold, toPayload: toRecord });
  }

  /** The incident's key of a failure that has an IP and a user. */
  protected abstract keyOf(ip: string, user: string): string;
  /** The distinct value counted under that key. */
  protected abstract valueOf(ip: string, user: string): string;
  protected abstract subjectOf(key: string): Subject;
  abstract summarize(incident: IncidentView): string;

  get trackedKeys(): number {
    return this.#window.size;
  }

  onEvent(e: SecurityEvent, ctx: RuleContext): number {
    if (e.ip === null || e.user === null || !Number.isFinite(e.time)) return 0;
    const n = attemptsOf(e);
    if (n <= 0) return 0;
    // Kept as keys, values and facts: bounded, and never a view of a long line.
    const ip = keptField(e.ip, e.raw);
    const user = keptField(e.user, e.raw);
    const key = this.keyOf(ip, user);
    const value = this.valueOf(ip, user);
    if (ctx.isOpen(key)) {
      this.#growValue = value;
      if (ctx.grow(key, e, n, this.#noteGrow)) return 0;
    }
    const distinct = this.#window.add(key, value, e.time, n, e);
    if (distinct < this.#threshold) return 0;
    const entries = this.#window.entries(key);
    this.#window.delete(key);
    const facts: Facts = { [this.#names.list]: [], [this.#names.count]: 0, windowSeconds: this.#windowSeconds };
    for (const entry of entries) noteDistinct(facts, this.#names, entry.value);
    ctx.open(this.subjectOf(key), entries, facts);
    return 0;
  }

  sweep(now: number): void {
    this.#window.expire(now);
  }

  finish(): void {
    this.#window.clear();
  }
}
