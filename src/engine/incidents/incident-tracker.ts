/**
 * The shared incident tracker: one lifecycle for every rule's incidents. A rule says "this subject
 * crossed my threshold" (`open`) and "this subject did it again" (`grow`); the tracker keeps the
 * open incidents per rule, closes one when it has been quiet for the rule's `quietMs` of event time
 * (checked on the next hit for that subject and on each sweep), caps how many are open at once
 * (least recently updated closed early) and closes everything at end of input. What an open, grown
 * or closed incident means for alerts is the `IncidentSink`'s business (the engine's alert book).
 */
import type { Subject } from '../model/subject.js';
import type { AttemptRecord, CountedEvent, Facts, FactsUpdate, OpenOptions, Rule, RuleContext } from '../rules/rule.js';
import { LruMap } from '../windows/lru-map.js';

export interface IncidentSink {
  raise(rule: Rule, subject: Subject, entries: readonly CountedEvent[], facts: Facts | undefined, options?: OpenOptions): void;
  update(rule: Rule, key: string, record: AttemptRecord, counted: number, facts: FactsUpdate | undefined): void;
  close(rule: Rule, key: string): void;
}

interface OpenIncident {
  lastSeen: number;
}

/** One rule's open incidents; the `RuleContext` that rule is given. */
class RuleIncidents implements RuleContext {
  readonly #rule: Rule;
  readonly #sink: IncidentSink;
  readonly #quietMs: number;
  readonly #open: LruMap<string, OpenIncident>;
  #now = 0;
  readonly #quiet = (inc: OpenIncident): boolean => this.#now - inc.lastSeen >= this.#quietMs;
  readonly #closeKey = (key: string): void => this.#sink.close(this.#rule, key);

  constructor(rule: Rule, sink: IncidentSink, maxOpen: number) {
    this.#rule = rule;
    this.#sink = sink;
    this.#quietMs = rule.quietMs;
    this.#open = new LruMap(Math.max(1, maxOpen));
  }

  get size(): number {
    return this.#open.size;
  }

  isOpen(key: string): boolean {
    return this.#open.size > 0 && this.#open.has(key);
  }

  grow(key: string, record: AttemptRecord, counted: number, facts?: FactsUpdate): boolean {
    if (this.#open.size === 0) return false;
    // A counted hit touches the incident (the sweep walks least recently updated first).
    const inc = counted > 0 ? this.#open.get(key) : this.#open.peek(key);
    if (inc === undefined) return false;
    if (record.time - inc.lastSeen >= this.#quietMs) {
      this.#open.delete(key);
      this.#sink.close(this.#rule, key);
      return false;
    }
    if (counted > 0 && record.time > inc.lastSeen) inc.lastSeen = record.time;
    this.#sink.update(this.#rule, key, record, counted, facts);
    return true;
  }

  open(subject: Subject, entries: readonly CountedEvent[], facts?: Facts, options?: OpenOptions): void {
    const key = subject.value;
    if (this.#open.has(key)) {
      this.#open.delete(key);
      this.#sink.close(this.#rule, key);
    }
    let lastSeen = Number.NEGATIVE_INFINITY;
    for (const e of entries) if (e.time > lastSeen) lastSeen = e.time;
    const dropped = this.#open.set(key, { lastSeen });
    if (dropped !== undefined) this.#sink.close(this.#rule, dropped.key);
    this.#sink.raise(this.#rule, subject, entries, facts, options);
  }

  sweep(now: number): void {
    if (this.#open.size === 0) return;
    this.#now = now;
    this.#open.dropOldestWhile(this.#quiet, this.#closeKey);
  }

  finish(): void {
    for (const key of this.#open.keys()) {
      this.#open.delete(key);
      this.#sink.close(this.#rule, key);
    }
  }

  /** Open keys with their last counted time (for checkpoints). */
  entries(): { key: string; lastSeen: number }[] {
    return this.#open.keys().map((key) => ({ key, lastSeen: (this.#open.peek(key) as OpenIncident).lastSeen }));
  }

  /** Re-opens an incident restored from a checkpoint, without raising anything. */
  restore(key: string, lastSeen: number): void {
    this.#open.set(key, { lastSeen });
  }
}

export class IncidentTracker {
  readonly #byRule = new Map<Rule, RuleIncidents>();

  constructor(rules: readonly Rule[], sink: IncidentSink, maxOpenPerRule: number) {
    for (const r of rules) this.#byRule.set(r, new RuleIncidents(r, sink, maxOpenPerRule));
  }

  /** The context a rule's `onEvent` gets. */
  contextFor(rule: Rule): RuleContext {
    const ctx = this.#byRule.get(rule);
    if (ctx === undefined) throw new Error(`rule ${rule.id} is not tracked`);
    return ctx;
  }

  get openCount(): number {
    let n = 0;
    for (const r of this.#byRule.values()) n += r.size;
    return n;
  }

  sweep(now: number): void {
    for (const r of this.#byRule.values()) r.sweep(now);
  }

  finish(): void {
    for (const r of this.#byRule.values()) r.finish();
  }

  /** Open incidents per rule id: what a checkpoint keeps. */
  openIncidents(): Record<string, { key: string; lastSeen: number }[]> {
    const out: Record<string, { key: string; lastSeen: number }[]> = {};
    for (const [rule, r] of this.#byRule) if (r.size > 0) out[rule.id] = r.entries();
    return out;
  }

  restore(ruleId: string, key: string, lastSeen: number): boolean {
    for (const [rule, r] of this.#byRule) {
      if (rule.id === ruleId) {
        r.restore(key, lastSeen);
        return true;
      }
    }
    return false;
  }
}
