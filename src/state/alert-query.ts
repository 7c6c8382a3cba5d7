/**
 * The alert search language (`/` in the alert list). Words are ANDed; `!` negates a word.
 *
 *   203.0.113          IP prefix (a bare address or part of one matches from the start)
 *   203.0.113.0/24     CIDR range (IPv4 or IPv6)
 *   user:root          a user name tried          host:web1     a logging host
 *   rule:brute         the rule                   status:open   a status (open, closed, new,
 *   sev:high           a severity                               ack, resolved, fp, blocked)
 *   ip:2001:db8:       IP prefix or CIDR, explicitly
 *   anything else      text anywhere: IP, rule, summary, users, hosts, status
 *
 * Matching is case-insensitive. Pure: the IPs blocked right now are an input (they decide the
 * shown status).
 */
import ipaddr from 'ipaddr.js';
import type { Alert } from '../engine/model/alert.js';
import { isOpen, shownStatus, type ShownStatus } from './alert-status.js';

export type QueryField = 'text' | 'ip' | 'cidr' | 'user' | 'host' | 'rule' | 'status' | 'severity';

export interface QueryTerm {
  readonly field: QueryField;
  readonly value: string;
  readonly negate: boolean;
  /** The parsed range of a `cidr` term. */
  readonly range?: [ipaddr.IPv4 | ipaddr.IPv6, number];
}

const FIELD_NAMES: Record<string, QueryField> = {
  ip: 'ip',
  user: 'user',
  users: 'user',
  host: 'host',
  rule: 'rule',
  status: 'status',
  sev: 'severity',
  severity: 'severity',
};

const STATUS_WORDS: Record<string, (s: ShownStatus) => boolean> = {
  open: isOpen,
  closed: (s) => !isOpen(s),
  new: (s) => s === 'new',
  ack: (s) => s === 'acknowledged',
  acknowledged: (s) => s === 'acknowledged',
  resolved: (s) => s === 'resolved',
  fp: (s) => s === 'false_positive',
  'false-pos': (s) => s === 'false_positive',
  false_positive: (s) => s === 'false_positive',
  blocked: (s) => s === 'blocked',
  unblocked: (s) => s === 'unblocked',
};

function parseRange(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  try {
    return ipaddr.parseCIDR(text);
  } catch {
    return undefined;
  }
}

/** Looks like (the start of) an address: digits and dots, or hex and colons with at least one colon. */
function looksLikeIp(text: string): boolean {
  return /^\d{1,3}(\.\d{0,3}){1,3}$/.test(text) || (/^[0-9a-f:]+$/i.test(text) && text.includes(':') && text.length > 2);
}

function term(word: string): QueryTerm | null {
  const negate = word.startsWith('!');
  const body = negate ? word.slice(1) : word;
  if (body === '') return null;
  const colon = body.indexOf(':');
  const field = colon > 0 ? FIELD_NAMES[body.slice(0, colon).toLowerCase()] : undefined;
  if (field) {
    const value = body.slice(colon + 1).toLowerCase();
    if (value === '') return null;
    if (field === 'ip' && value.includes('/')) {
      const range = parseRange(value);
      return range ? { field: 'cidr', value, negate, range } : { field: 'ip', value, negate };
    }
    return { field, value, negate };
  }
  const lower = body.toLowerCase();
  if (lower.includes('/')) {
    const range = parseRange(lower);
    if (range) return { field: 'cidr', value: lower, negate, range };
  }
  if (looksLikeIp(lower)) return { field: 'ip', value: lower, negate };
  return { field: 'text', value: lower, negate };
}

/** The terms of a search (empty for an empty search). */
export function parseQuery(text: string): QueryTerm[] {
  return text
    .trim()
    .split(/\s+/)
    .map(term)
    .filter((t): t is QueryTerm => t !== null);
}

function inRange(ip: string, range: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  try {
    let addr = ipaddr.parse(ip);
    if (addr.kind() !== range[0].kind()) {
      if (addr instanceof ipaddr.IPv6 && addr.isIPv4MappedAddress()) addr = addr.toIPv4Address();
      else if (addr instanceof ipaddr.IPv4) addr = addr.toIPv4MappedAddress();
      if (addr.kind() !== range[0].kind()) return false;
    }
    return addr.match(range);
  } catch {
    return false;
  }
}

const has = (list: readonly string[], value: string): boolean => list.some((x) => x.toLowerCase().includes(value));

function holds(t: QueryTerm, alert: Alert, status: ShownStatus): boolean {
  switch (t.field) {
    case 'ip':
      return (alert.ip ?? '').toLowerCase().startsWith(t.value);
    case 'cidr':
      return t.range !== undefined && alert.ip !== null && inRange(alert.ip, t.range);
    case 'user':
      return has(alert.users, t.value);
    case 'host':
      return has(alert.hosts, t.value);
    case 'rule':
      return alert.rule.toLowerCase().includes(t.value);
    case 'severity':
      return alert.severity.toLowerCase().startsWith(t.value);
    case 'status': {
      const test = STATUS_WORDS[t.value];
      return test ? test(status) : status.includes(t.value);
    }
    case 'text':
      return (
        (alert.ip ?? alert.subject.value).toLowerCase().includes(t.value) ||
        alert.rule.toLowerCase().includes(t.value) ||
        alert.summary.toLowerCase().includes(t.value) ||
        has(alert.users, t.value) ||
        has(alert.hosts, t.value) ||
        status.includes(t.value)
      );
  }
}

/** True when the alert satisfies every term (a negated term: when it does not hold). */
export function matchesQuery(alert: Alert, terms: readonly QueryTerm[], ipBlocked: boolean): boolean {
  if (terms.length === 0) return true;
  const status = shownStatus(alert, ipBlocked);
  return terms.every((t) => holds(t, alert, status) !== t.negate);
}
