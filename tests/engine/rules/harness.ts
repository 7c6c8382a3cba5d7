/**
 * Drives one rule (or a few) through the real engine: events in, alerts out, as replay runs them.
 * Event factories for the new rules' inputs: failed and successful logins, blocked packets, flows.
 */
import { createEngine, type Engine } from '../../../src/engine/engine.js';
import { parseFeed } from '../../../src/engine/enrichment/feed-parse.js';
import { buildIntelIndex, type IntelIndex } from '../../../src/engine/enrichment/intel-index.js';
import type { Alert } from '../../../src/engine/model/alert.js';
import type { SecurityEvent } from '../../../src/engine/model/event.js';
import type { LineParser } from '../../../src/engine/parsers/types.js';
import type { Rule } from '../../../src/engine/rules/rule.js';
import { makeEvent, T0 } from '../../helpers/factories.js';

export { T0 };

const noParse: LineParser = () => ({ status: 'unknown', program: null, events: [], truncated: false });

export interface Run {
  engine: Engine;
  /** Alerts as raised (first state), in raise order. */
  raised: Alert[];
  /** Every alert in its latest state, by id, in raise order. */
  final: Alert[];
}

/** Feeds `events` one by one (sweeps happen as event time advances) and finishes unless told not to. */
export function run(rules: Rule | readonly Rule[], events: readonly SecurityEvent[], opts: { intel?: IntelIndex; finish?: boolean } = {}): Run {
  const engine = createEngine({ parse: noParse, rules: Array.isArray(rules) ? rules : [rules as Rule], intel: opts.intel, updateIntervalMs: 0 });
  const raised: Alert[] = [];
  const latest = new Map<string, Alert>();
  engine.onAlert((a, change) => {
    if (change === 'raised') raised.push(a);
    latest.set(a.id, a);
  });
  for (const e of events) engine.ingestEvents([e]);
  if (opts.finish !== false) engine.finish();
  return { engine, raised, final: [...latest.values()] };
}

/** An intel index listing 203.0.113.0/24. */
export function intel(): IntelIndex {
  return buildIntelIndex(parseFeed('ip,reason,source\n203.0.113.0/24,test net,unit\n', 'blacklist.csv').entries);
}

let pid = 40_000;

/** One `Failed password` from `ip` at `t` (own connection). */
export function fail(ip: string, t: number, user = 'root', extra: Partial<SecurityEvent> = {}): SecurityEvent {
  return makeEvent({ ip, time: t, user, pid: pid++, ...extra });
}

/** One `Accepted password` for `user` from `ip` at `t`. */
export function login(ip: string, t: number, user = 'root'): SecurityEvent {
  return makeEvent({
    ip,
    time: t,
    user,
    pid: pid++,
    type: 'auth_success',
    weight: 'none',
    raw: `${new Date(t).toISOString()} bastion-01 sshd[${pid}]: Accepted password for ${user} from ${ip} port 50000 ssh2`,
  });
}

/** A blocked inbound packet from `ip` to `dport` (a TCP SYN unless told otherwise), as UFW logs it. */
export function block(ip: string, t: number, dport: number, extra: Partial<SecurityEvent> = {}): SecurityEvent {
  const e = makeEvent({
    ip,
    time: t,
    user: null,
    pid: null,
    host: 'fw-edge',
    program: 'kernel',
    type: 'firewall_block',
    weight: 'none',
    method: null,
    port: 40_222,
    dport,
    proto: 'tcp',
    dst: '192.0.2.10',
    tcpFlags: ['SYN'],
    direction: 'inbound',
    iface: 'eth0',
    ...extra,
  });
  if (extra.raw === undefined) {
    e.raw = `${new Date(t).toISOString()} fw-edge kernel: [UFW BLOCK] IN=eth0 OUT= SRC=${ip} DST=192.0.2.10 PROTO=${(e.proto ?? 'tcp').toUpperCase()} SPT=40222 DPT=${dport} ${(e.tcpFlags ?? []).join(' ')} `;
  }
  return e;
}

/** A flow from `ip` (outbound, local originator) sending `bytesOut`, over [t, t + durationMs]. */
export function flow(ip: string, t: number, bytesOut: number, extra: Partial<SecurityEvent> = {}): SecurityEvent {
  const e = makeEvent({
    ip,
    time: t,
    user: null,
    pid: null,
    host: null,
    program: 'zeek',
    type: 'flow',
    weight: 'none',
    method: null,
    port: 51_234,
    dport: 443,
    proto: 'tcp',
    dst: '198.51.100.20',
    bytes: bytesOut + 1000,
    bytesOut,
    bytesIn: 1000,
    direction: 'outbound',
    flowStart: t,
    flowEnd: t,
    ...extra,
  });
  if (extra.raw === undefined) e.raw = `{"ts":${t / 1000},"id.orig_h":"${ip}","orig_ip_bytes":${bytesOut}}`;
  return e;
}

/** Fills gaps in event time (a quiet line far from any subject), so sweeps and minute judgements run. */
export function tick(t: number): SecurityEvent {
  return makeEvent({ ip: null, time: t, user: null, type: 'preauth_disconnect', weight: 'none', raw: 'tick' });
}

export const sec = (s: number): number => T0 + s * 1000;
