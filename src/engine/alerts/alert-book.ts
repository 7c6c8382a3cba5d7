/**
 * The alert book: every retained alert by id (in raise order), the open incident per rule+ip, and
 * status changes with history. Open incidents keep a mutable draft; their `Alert` object is
 * re-materialized lazily (`flushUpdates`) so the per-event path only touches the draft.
 * Retention is capped: past `maxAlerts`, closed incidents are dropped, earliest closed first
 * (loaded alerts before this run's); open incidents are never dropped here.
 */
import type { Alert, AlertStatus, StatusChange } from '../model/alert.js';
import { alertId, materialize, withStatus, type IncidentDraft } from './alert-builder.js';

interface Entry {
  alert: Alert;
  draft: IncidentDraft | null;
}

export interface AlertBookOptions {
  /** Retained alerts cap. Default 5000. */
  maxAlerts?: number;
}

export class AlertBook {
  readonly maxAlerts: number;
  #byId = new Map<string, Entry>();
  /** Open incidents: rule → subject key → entry. */
  #open = new Map<string, Map<string, Entry>>();
  #openCount = 0;
  #dirty = new Set<Entry>();
  /**
   * Closed entries, oldest raised first (loaded ones, then in close order), for the retention cap:
   * a queue with a head index, so dropping the oldest is O(1) however many incidents are open.
   * Stale items (re-raised or already dropped) are skipped when reached.
   */
  #closed: (Entry | undefined)[] = [];
  #closedHead = 0;
  #version = 0;
  #list: readonly Alert[] | null = null;

  constructor(opts: AlertBookOptions = {}) {
    this.maxAlerts = Math.max(1, opts.maxAlerts ?? 5000);
  }

  /** Increases whenever the set of alerts or any alert changed. */
  get version(): number {
    return this.#version;
  }

  get size(): number {
    return this.#byId.size;
  }

  get openCount(): number {
    return this.#openCount;
  }

  /** Loads alerts from a previous run (all closed), oldest first. */
  load(alerts: readonly Alert[]): void {
    const sorted = [...alerts].sort((a, b) => a.firstSeen.localeCompare(b.firstSeen));
    for (const a of sorted) {
      const entry: Entry = { alert: Object.isFrozen(a) ? a : Object.freeze({ ...a }), draft: null };
      this.#byId.set(a.id, entry);
      this.#closed.push(entry);
    }
    this.#enforceCap();
    this.#changed();
  }

  get(id: string): Alert | undefined {
    return this.#byId.get(id)?.alert;
  }

  isOpen(id: string): boolean {
    return this.#byId.get(id)?.draft != null;
  }

  /**
   * Opens an incident from a filled draft. `raisedAt` (event time, ISO) stamps the initial `new`
   * status. An alert with the same id from an earlier run keeps its status and history.
   */
  raise(draft: IncidentDraft, raisedAt: string): Alert {
    const id = alertId(draft.rule, draft.firstSeen, draft.subject);
    const key = draft.subject.value;
    const previousOpen = this.#open.get(draft.rule)?.get(key);
    if (previousOpen !== undefined) this.#closeEntry(draft.rule, key, previousOpen);
    const existing = this.#byId.get(id);
    let status: AlertStatus = 'new';
    let history: readonly StatusChange[] = [{ status: 'new', at: raisedAt }];
    if (existing !== undefined) {
      status = existing.alert.status;
      history = existing.alert.history;
      this.#byId.delete(id);
      this.#dirty.delete(existing);
    }
    const entry: Entry = { alert: materialize(draft, id, status, history), draft };
    this.#byId.set(id, entry);
    let byIp = this.#open.get(draft.rule);
    if (byIp === undefined) this.#open.set(draft.rule, (byIp = new Map()));
    byIp.set(key, entry);
    this.#openCount++;
    this.#enforceCap();
    this.#changed();
    return entry.alert;
  }

  /** The id of the open incident's alert for (rule, key). */
  openAlertId(rule: string, key: string): string | undefined {
    return this.#open.get(rule)?.get(key)?.alert.id;
  }

  /**
   * Re-opens a stored (closed) alert as the open incident for (rule, key), with `draft` rebuilt
   * from it: restart resume. Its status and history stay. False when the id is unknown or that
   * (rule, key) already has an open incident.
   */
  reopen(id: string, key: string, draft: IncidentDraft): boolean {
    const entry = this.#byId.get(id);
    if (entry === undefined || entry.draft !== null) return false;
    let byKey = this.#open.get(draft.rule);
    if (byKey === undefined) this.#open.set(draft.rule, (byKey = new Map()));
    if (byKey.has(key)) return false;
    entry.draft = draft;
    byKey.set(key, entry);
    this.#openCount++;
    this.#changed();
    return true;
  }

  /** The open incident's draft for (rule, key), without marking it changed. */
  openDraft(rule: string, key: string): IncidentDraft | undefined {
    return this.#open.get(rule)?.get(key)?.draft ?? undefined;
  }

  /**
   * The open incident's draft for (rule, key), marked as changed: update it in place and the next
   * `flushUpdates` re-materializes its alert.
   */
  draftForUpdate(rule: string, key: string): IncidentDraft | undefined {
    const entry = this.#open.get(rule)?.get(key);
    if (entry === undefined || entry.draft === null) return undefined;
    this.#dirty.add(entry);
    return entry.draft;
  }

  /** True when some open incident changed since the last `flushUpdates`. */
  get hasUpdates(): boolean {
    return this.#dirty.size > 0;
  }

  /** Re-materializes every touched open incident; returns the new alert objects. */
  flushUpdates(): Alert[] {
    if (this.#dirty.size === 0) return [];
    const out: Alert[] = [];
    for (const entry of this.#dirty) {
      if (entry.draft === null) continue;
      entry.alert = materialize(entry.draft, entry.alert.id, entry.alert.status, entry.alert.history);
      out.push(entry.alert);
    }
    this.#dirty.clear();
    this.#changed();
    return out;
  }

  /** Closes the open incident for (rule, key); returns its final alert, or null when none was open. */
  close(rule: string, key: string): Alert | null {
    const entry = this.#open.get(rule)?.get(key);
    if (entry === undefined) return null;
    this.#closeEntry(rule, key, entry);
    this.#enforceCap();
    this.#changed();
    return entry.alert;
  }

  /** Appends a status change; returns the updated alert, or null for an unknown id. */
  setStatus(id: string, status: AlertStatus, at: string, note?: string): Alert | null {
    const entry = this.#byId.get(id);
    if (entry === undefined) return null;
    entry.alert = withStatus(entry.alert, status, at, note);
    this.#changed();
    return entry.alert;
  }

  /** Adds `flag` to an alert (open or closed); returns the updated alert, or null when unknown or already flagged. */
  addFlag(id: string, flag: string): Alert | null {
    const entry = this.#byId.get(id);
    if (entry === undefined || entry.alert.flags.includes(flag)) return null;
    if (entry.draft !== null) {
      entry.draft.flags.add(flag);
      entry.alert = materialize(entry.draft, entry.alert.id, entry.alert.status, entry.alert.history);
      this.#dirty.delete(entry);
    } else {
      entry.alert = Object.freeze({ ...entry.alert, flags: Object.freeze([...entry.alert.flags, flag].sort()) as string[] });
    }
    this.#changed();
    return entry.alert;
  }

  /** Retained alerts, most recently raised first (same array until something changed). */
  list(): readonly Alert[] {
    if (this.#list === null) {
      const out: Alert[] = [];
      for (const e of this.#byId.values()) out.push(e.alert);
      out.reverse();
      this.#list = Object.freeze(out);
    }
    return this.#list;
  }

  #closeEntry(rule: string, key: string, entry: Entry): void {
    if (this.#open.get(rule)?.delete(key) === true) this.#openCount--;
    if (entry.draft !== null) {
      entry.alert = materialize(entry.draft, entry.alert.id, entry.alert.status, entry.alert.history);
      entry.draft = null;
      this.#closed.push(entry);
    }
    this.#dirty.delete(entry);
  }

  #enforceCap(): void {
    const q = this.#closed;
    while (this.#byId.size > this.maxAlerts && this.#closedHead < q.length) {
      const entry = q[this.#closedHead] as Entry;
      q[this.#closedHead++] = undefined;
      if (entry.draft === null && this.#byId.get(entry.alert.id) === entry) this.#byId.delete(entry.alert.id);
    }
    if (q.length - this.#closedHead > 2 * this.maxAlerts + 1024) {
      // Stale items (re-raised ids) piled up under the cap: keep only the current closed entries.
      this.#closed = q.slice(this.#closedHead).filter((e) => e !== undefined && e.draft === null && this.#byId.get(e.alert.id) === e);
      this.#closedHead = 0;
    } else if (this.#closedHead > 1024 && this.#closedHead * 2 > q.length) {
      this.#closed = q.slice(this.#closedHead);
      this.#closedHead = 0;
    }
  }

  #changed(): void {
    this.#version++;
    this.#list = null;
  }
}
