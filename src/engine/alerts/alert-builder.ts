/**
 * Incident drafts and the alerts made from them. A draft is the mutable, allocation-light state of
 * an open incident (the engine updates it per event); `materialize` turns it into a frozen `Alert`
 * only when somebody needs one. Pure: times are event times passed in.
 */
import { MAX_EVIDENCE, MAX_HOSTS, MAX_USERS } from '../model/alert.js';
import type { Alert, AlertStatus, Evidence, IntelMatch, Severity, StatusChange } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import { ipSubject, type Subject } from '../model/subject.js';
import type { Facts, IncidentView } from '../rules/rule.js';
import { detach, EVIDENCE_TEXT_LIMIT, excerpt, keptField } from '../text/excerpt.js';
import { isoTime } from '../text/iso-time.js';

const HEAD_EVIDENCE = MAX_EVIDENCE / 2;
const TAIL_EVIDENCE = MAX_EVIDENCE - HEAD_EVIDENCE;
const SSH_PROGRAMS = new Set(['sshd', 'sshd-session', 'sshd-auth', 'legacy']);

/** What a draft reads from an event (a `SecurityEvent`, or a rule's compact attempt record). */
export type DraftInput = Pick<SecurityEvent, 'time' | 'user' | 'host' | 'program' | 'file' | 'line' | 'raw'> & {
  readonly flags?: readonly string[];
};

/** What an evidence line is made from. */
export type EvidenceSource = Pick<SecurityEvent, 'time' | 'file' | 'line' | 'raw'>;

export interface IncidentDraft extends IncidentView {
  readonly rule: string;
  readonly subject: Subject;
  severity: Severity;
  firstSeen: number;
  lastSeen: number;
  count: number;
  readonly users: string[];
  readonly userSet: Set<string>;
  readonly hosts: string[];
  /** First counted events and their evidence, converted once each. */
  readonly head: Evidence[];
  /**
   * Latest counted events, a ring of `TAIL_EVIDENCE` slots (`tailNext` is the slot written next,
   * `tailSize` how many are filled); evidence is converted lazily, at most once per event, into the
   * parallel `tailEvidence` ring. Pushing allocates nothing.
   */
  readonly tailTimes: Float64Array;
  readonly tailFiles: string[];
  readonly tailLines: number[];
  /**
   * Raw lines, bounded to `EVIDENCE_TEXT_LIMIT` characters; detached from the parsed line only when
   * converted to evidence (the slot then keeps the evidence text): a busy incident pays no copy for
   * a line overwritten before anyone reads the alert.
   */
  readonly tailRaws: string[];
  readonly tailEvidence: (Evidence | null)[];
  tailNext: number;
  tailSize: number;
  readonly intel: readonly IntelMatch[];
  readonly flags: Set<string>;
  /** False once a counted event came from outside the sshd family. */
  sshOnly: boolean;
  readonly usersTruncated: boolean;
  /** The rule's own facts, updated in place by the rule. */
  readonly facts: Facts;
  /** The rule's summary sentence for this draft. */
  readonly summarize: (d: IncidentView) => string;
}

/**
 * A draft's state. A class rather than an object literal: a literal with a getter is created in
 * dictionary mode, and every property access of the per-event path would then be a slow lookup.
 */
class Draft implements IncidentDraft {
  firstSeen = Number.POSITIVE_INFINITY;
  lastSeen = Number.NEGATIVE_INFINITY;
  count = 0;
  readonly users: string[] = [];
  readonly userSet = new Set<string>();
  readonly hosts: string[] = [];
  readonly head: Evidence[] = [];
  readonly tailTimes = new Float64Array(TAIL_EVIDENCE);
  readonly tailFiles: string[] = new Array<string>(TAIL_EVIDENCE).fill('');
  readonly tailLines: number[] = new Array<number>(TAIL_EVIDENCE).fill(0);
  readonly tailRaws: string[] = new Array<string>(TAIL_EVIDENCE).fill('');
  readonly tailEvidence: (Evidence | null)[] = new Array<Evidence | null>(TAIL_EVIDENCE).fill(null);
  tailNext = 0;
  tailSize = 0;
  readonly flags: Set<string>;
  sshOnly = true;

  constructor(
    readonly rule: string,
    readonly subject: Subject,
    public severity: Severity,
    readonly intel: readonly IntelMatch[],
    flags: readonly string[],
    readonly summarize: (d: IncidentView) => string,
    readonly facts: Facts,
  ) {
    this.flags = new Set(flags);
  }

  get usersTruncated(): boolean {
    return this.flags.has('USERS_TRUNCATED');
  }
}

export function createDraft(
  rule: string,
  subjectOrIp: Subject | string,
  severity: Severity,
  intel: readonly IntelMatch[] = [],
  flags: readonly string[] = [],
  summarize: (d: IncidentView) => string = defaultSummary,
  facts: Facts = {},
): IncidentDraft {
  const subject: Subject = typeof subjectOrIp === 'string' ? ipSubject(subjectOrIp) : subjectOrIp;
  return new Draft(rule, subject, severity, intel, flags, summarize, facts);
}

/**
 * Adds one event to a draft. `counted` attempts go to the count and the event becomes evidence;
 * an event with `counted` 0 only contributes its user and host.
 */
export function addToDraft(d: IncidentDraft, e: DraftInput, counted: number): void {
  // An open incident keeps its users and hosts: bounded, never views of a long line.
  const user = e.user === null ? null : keptField(e.user, e.raw);
  if (user !== null && !d.userSet.has(user)) {
    if (d.users.length < MAX_USERS) {
      d.users.push(user);
      d.userSet.add(user);
    } else {
      d.flags.add('USERS_TRUNCATED');
    }
  }
  const host = e.host === null ? null : keptField(e.host, e.raw);
  if (host !== null && d.hosts.length < MAX_HOSTS && !d.hosts.includes(host)) d.hosts.push(host);
  if (e.flags !== undefined && e.flags.includes('suspicious')) d.flags.add('SUSPICIOUS_INPUT');
  if (counted <= 0) return;
  d.count += counted;
  if (e.time < d.firstSeen) d.firstSeen = e.time;
  if (e.time > d.lastSeen) d.lastSeen = e.time;
  if (d.sshOnly && !SSH_PROGRAMS.has(e.program)) d.sshOnly = false;
  if (d.head.length < HEAD_EVIDENCE) d.head.push(toEvidence(e));
  else {
    const i = d.tailNext;
    // The four evidence fields, not the event: an open incident should not pin 10 whole parsed
    // events, and a busy incident should not allocate per attempt.
    d.tailTimes[i] = e.time;
    d.tailFiles[i] = e.file;
    d.tailLines[i] = e.line;
    d.tailRaws[i] = e.raw.length > EVIDENCE_TEXT_LIMIT ? excerpt(e.raw, EVIDENCE_TEXT_LIMIT) : e.raw;
    d.tailEvidence[i] = null;
    d.tailNext = i + 1 === TAIL_EVIDENCE ? 0 : i + 1;
    if (d.tailSize < TAIL_EVIDENCE) d.tailSize++;
  }
}

/** `20240501T091404Z`: compact UTC, filename and URL safe. */
export function compactUtc(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-05-01T09:14:04.118Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
}

/**
 * Stable id: `BRUTE_FORCE-20240501T091404Z-203.0.113.45` (IPv6 colons become dashes). Subjects
 * other than an IP are prefixed with their kind (`…-user-root`), so ids of different kinds never meet.
 */
export function alertId(rule: string, firstSeen: number, subject: Subject | string): string {
  const value = typeof subject === 'string' ? subject : subject.kind === 'ip' ? subject.value : `${subject.kind}-${subject.value}`;
  return `${rule}-${compactUtc(firstSeen)}-${value.replace(/[^0-9A-Za-z.]/g, '-')}`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** "12 failed SSH logins for 3 users (root, admin, oracle) from 203.0.113.45 on bastion-01 within 41 s". */
export function defaultSummary(d: IncidentView): string {
  const what = d.sshOnly ? 'SSH login' : 'login';
  let text = `${d.count} failed ${what}${d.count === 1 ? '' : 's'}`;
  const n = d.users.length;
  if (n > 0) {
    const shown = d.users.slice(0, 3).join(', ') + (n > 3 ? ', …' : '');
    const more = d.usersTruncated ? '+' : '';
    text += n === 1 ? ` for user ${shown}` : ` for ${n}${more} users (${shown})`;
  }
  text += ` from ${d.subject.value}`;
  if (d.hosts.length === 1) text += ` on ${d.hosts[0] as string}`;
  else if (d.hosts.length > 1) text += ` on ${d.hosts.length} hosts`;
  if (d.lastSeen > d.firstSeen) text += ` within ${formatDuration(d.lastSeen - d.firstSeen)}`;
  return text;
}

/** Evidence keeps at most `EVIDENCE_TEXT_LIMIT` characters of a line, marked when cut, detached from the parsed line. */
function toEvidence(e: EvidenceSource): Evidence {
  return Object.freeze({ time: isoTime(e.time), file: e.file, line: e.line, text: excerpt(e.raw, EVIDENCE_TEXT_LIMIT) });
}

/** The draft's evidence: the first 10 counted lines and the latest 10. */
export function draftEvidence(d: IncidentDraft): Evidence[] {
  const out = d.head.slice();
  const n = d.tailSize;
  const start = n < TAIL_EVIDENCE ? 0 : d.tailNext; // oldest filled slot
  for (let k = 0; k < n; k++) {
    const i = (start + k) % TAIL_EVIDENCE;
    let ev = d.tailEvidence[i] as Evidence | null;
    if (ev === null) {
      const text = detach(d.tailRaws[i] as string); // bounded already, when it was added
      ev = Object.freeze({ time: isoTime(d.tailTimes[i] as number), file: d.tailFiles[i] as string, line: d.tailLines[i] as number, text });
      d.tailEvidence[i] = ev;
      d.tailRaws[i] = text;
    }
    out.push(ev);
  }
  return out;
}

/**
 * The draft of a stored alert's incident, to keep growing it after a restart: count, times, users,
 * hosts, flags, facts and evidence come back as they were saved.
 */
export function draftFromAlert(alert: Alert, summarize: (d: IncidentView) => string, sshOnly: boolean): IncidentDraft {
  const facts: Facts = {};
  for (const [k, v] of Object.entries(alert.facts ?? {})) facts[k] = Array.isArray(v) ? [...v] : v;
  const d = createDraft(alert.rule, alert.subject, alert.severity, alert.intel, alert.flags, summarize, facts);
  d.firstSeen = Date.parse(alert.firstSeen);
  d.lastSeen = Date.parse(alert.lastSeen);
  d.count = alert.count;
  d.sshOnly = sshOnly;
  for (const u of alert.users) {
    d.users.push(u);
    d.userSet.add(u);
  }
  for (const h of alert.hosts) d.hosts.push(h);
  const head = alert.evidence.slice(0, HEAD_EVIDENCE);
  for (const ev of head) d.head.push(Object.freeze({ ...ev }));
  for (const ev of alert.evidence.slice(HEAD_EVIDENCE)) {
    const i = d.tailNext;
    d.tailTimes[i] = Date.parse(ev.time);
    d.tailFiles[i] = ev.file;
    d.tailLines[i] = ev.line;
    d.tailRaws[i] = ev.text;
    d.tailEvidence[i] = Object.freeze({ ...ev });
    d.tailNext = i + 1 === TAIL_EVIDENCE ? 0 : i + 1;
    if (d.tailSize < TAIL_EVIDENCE) d.tailSize++;
  }
  return d;
}

/** A frozen Alert for the draft's current state. */
export function materialize(d: IncidentDraft, id: string, status: AlertStatus, history: readonly StatusChange[]): Alert {
  const flags = [...d.flags].sort();
  const factKeys = Object.keys(d.facts);
  const alert: Alert = {
    id,
    rule: d.rule,
    severity: d.severity,
    subject: d.subject,
    ip: d.subject.ip,
    firstSeen: isoTime(d.firstSeen),
    lastSeen: isoTime(d.lastSeen),
    count: d.count,
    hosts: Object.freeze([...d.hosts]) as string[],
    users: Object.freeze([...d.users]) as string[],
    intel: Object.freeze(d.intel.map((m) => Object.freeze({ ...m }))) as IntelMatch[],
    flags: Object.freeze(flags) as string[],
    status,
    history: Object.freeze(history.map((h) => Object.freeze({ ...h }))) as StatusChange[],
    evidence: Object.freeze(draftEvidence(d)) as Evidence[],
    summary: d.summarize(d),
  };
  if (factKeys.length > 0) {
    const facts: NonNullable<Alert['facts']> = {};
    for (const k of factKeys) {
      const v = d.facts[k] as NonNullable<Alert['facts']>[string];
      facts[k] = Array.isArray(v) ? Object.freeze([...v]) : v;
    }
    alert.facts = Object.freeze(facts);
  }
  return Object.freeze(alert);
}

/** A frozen copy of an alert with a new status appended to its history. */
export function withStatus(alert: Alert, status: AlertStatus, at: string, note?: string): Alert {
  const change: StatusChange = note === undefined ? { status, at } : { status, at, note };
  return Object.freeze({
    ...alert,
    status,
    history: Object.freeze([...alert.history, Object.freeze(change)]) as StatusChange[],
  });
}
