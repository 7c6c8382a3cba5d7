/**
 * PORT_SCAN: one source IP whose blocked packets hit many distinct destination ports, in event time.
 *
 * "At least `distinctPorts` distinct destination ports within `windowSeconds`": with the defaults
 * (10, 60 s) the packet that brings the 10th distinct port within 60 s fires; 9 ports do not, and
 * a 10th port exactly 60.000 s after the first does not (the first has left the window).
 *
 * What counts: `firewall_block` events with a source IP and a destination port that are not
 * outbound (our own host blocked on its way out is not a scan of us), and that open a connection:
 * TCP with `SYN` and without `ACK` when the TCP flags are known (replies, RSTs, FINs and stray ACKs
 * are not probes), UDP and other port-carrying protocols always, and records whose flags are not
 * known (the predecessor's `port_scan` events). ICMP and fragments have no port and never count.
 *
 * The evidence is spoofable (a dropped SYN needs no handshake, any source address can be forged):
 * every alert is flagged `SPOOFABLE`, so automatic responses can refuse to block on it.
 *
 * One incident per IP: once fired, further probes grow it (count = probes, facts.ports the ports
 * hit); it closes after a full window without a probe. State is bounded: per-IP port sets expire
 * with the window and hold at most `distinctPorts` ports, tracked IPs are capped (LRU).
 */
import * as z from 'zod';
import type { Severity } from '../model/alert.js';
import type { SecurityEvent } from '../model/event.js';
import { ipSubject } from '../model/subject.js';
import { formatDuration } from '../alerts/alert-builder.js';
import { DistinctWindow } from '../windows/distinct-window.js';
import { baseRuleShape, defineRule, type AttemptRecord, type Facts, type IncidentView, type Rule, type RuleContext } from './rule.js';
import { addToList, toRecord } from './support/record.js';

export const PORT_SCAN = 'PORT_SCAN';
export const SPOOFABLE = 'SPOOFABLE';

const schema = z.strictObject({
  ...baseRuleShape('MEDIUM'),
  /** Distinct destination ports within the window that fire. */
  distinctPorts: z.number().int().min(2).default(10),
  windowSeconds: z.number().positive().finite().default(60),
});

export type PortScanConfig = z.output<typeof schema>;

/** Ports listed in the facts (sorted); past it `portsTruncated` is set. */
const MAX_FACT_PORTS = 1024;
const MAX_FACT_TARGETS = 20;
/** Ports named in the summary before `…`. */
const SUMMARY_PORTS = 5;

type ProbeRecord = AttemptRecord & { readonly dst: string | null; readonly proto: string | null };

/** `toRecord`'s fields plus destination and protocol, written out (a spread copies slowly, per probe). */
function toProbeRecord(e: SecurityEvent): ProbeRecord {
  const r = toRecord(e);
  return { time: r.time, user: r.user, host: r.host, program: r.program, file: r.file, line: r.line, raw: r.raw, flags: r.flags, dst: e.dst ?? null, proto: e.proto ?? null };
}

/** True when a blocked packet opens a connection (or may: flags unknown). */
export function opensConnection(e: SecurityEvent): boolean {
  if (e.proto !== 'tcp') return true;
  const flags = e.tcpFlags;
  if (flags === null || flags === undefined) return true;
  return flags.includes('SYN') && !flags.includes('ACK');
}

/** Inserts `port` into the sorted `ports` fact (if absent and there is room). */
function insertPort(facts: Facts, port: number): void {
  const ports = facts['ports'] as number[];
  let lo = 0;
  let hi = ports.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ports[mid] as number) < port) lo = mid + 1;
    else hi = mid;
  }
  if (ports[lo] === port) return;
  if (ports.length >= MAX_FACT_PORTS) {
    facts['portsTruncated'] = true;
    return;
  }
  ports.splice(lo, 0, port);
  facts['distinctPorts'] = ports.length;
}

function noteProbe(facts: Facts, e: SecurityEvent): void {
  if (!Array.isArray(facts['ports'])) return;
  insertPort(facts, e.dport as number);
  if (e.dst != null) addToList(facts['targets'] as string[], e.dst, MAX_FACT_TARGETS);
  if (e.proto != null) addToList(facts['protocols'] as string[], e.proto, 8);
}

class PortScan implements Rule {
  readonly id = PORT_SCAN;
  readonly title = 'Port scan';
  readonly severity: Severity;
  readonly subjectKind = 'ip' as const;
  readonly quietMs: number;
  readonly #threshold: number;
  readonly #windowSeconds: number;
  readonly #window: DistinctWindow<string, number, ProbeRecord, SecurityEvent>;
  /** The probe the facts update below notes (set just before each grow: no closure per event). */
  #growEvent: SecurityEvent | null = null;
  readonly #noteGrowProbe = (facts: Facts): void => noteProbe(facts, this.#growEvent as SecurityEvent);

  constructor(config: PortScanConfig, maxKeys: number) {
    this.severity = config.severity;
    this.#threshold = config.distinctPorts;
    this.#windowSeconds = config.windowSeconds;
    this.quietMs = config.windowSeconds * 1000;
    this.#window = new DistinctWindow({ windowMs: this.quietMs, maxKeys, maxValuesPerKey: config.distinctPorts, toPayload: toProbeRecord });
  }

  get trackedKeys(): number {
    return this.#window.size;
  }

  onEvent(e: SecurityEvent, ctx: RuleContext): number {
    if (e.type !== 'firewall_block' || e.ip === null || e.dport == null || e.direction === 'outbound') return 0;
    if (!Number.isFinite(e.time) || !opensConnection(e)) return 0;
    const ip = e.ip;
    const n = e.count > 0 ? e.count : 1;
    if (ctx.isOpen(ip)) {
      this.#growEvent = e;
      const grown = ctx.grow(ip, e, n, this.#noteGrowProbe);
      this.#growEvent = null;
      if (grown) return 0;
    }
    const distinct = this.#window.add(ip, e.dport, e.time, n, e);
    if (distinct < this.#threshold) return 0;
    const entries = this.#window.entries(ip);
    this.#window.delete(ip);
    const facts: Facts = { ports: [], distinctPorts: 0, targets: [], protocols: [], windowSeconds: this.#windowSeconds };
    for (const entry of entries) {
      insertPort(facts, entry.value);
      if (entry.payload.dst !== null) addToList(facts['targets'] as string[], entry.payload.dst, MAX_FACT_TARGETS);
      if (entry.payload.proto !== null) addToList(facts['protocols'] as string[], entry.payload.proto, 8);
    }
    ctx.open(ipSubject(ip), entries, facts, { flags: [SPOOFABLE] });
    return 0;
  }

  sweep(now: number): void {
    this.#window.expire(now);
  }

  finish(): void {
    this.#window.clear();
  }

  summarize(d: IncidentView): string {
    const ports = (d.facts['ports'] as readonly number[] | undefined) ?? [];
    const n = (d.facts['distinctPorts'] as number | undefined) ?? ports.length;
    const more = d.facts['portsTruncated'] === true ? '+' : '';
    const shown = ports.slice(0, SUMMARY_PORTS).join(',') + (ports.length > SUMMARY_PORTS ? ',…' : '');
    let text = `${n}${more} distinct ports in ${formatDuration(d.lastSeen - d.firstSeen)}: ${shown} from ${d.subject.value}`;
    text += ` (${d.count} blocked connection attempt${d.count === 1 ? '' : 's'}`;
    if (d.hosts.length === 1) text += ` on ${d.hosts[0] as string}`;
    return `${text})`;
  }
}

export const portScanRule = defineRule({
  id: PORT_SCAN,
  configKey: 'portScan',
  title: 'Port scan',
  description: 'blocked connection attempts from one IP to at least `distinctPorts` destination ports within `windowSeconds`',
  schema,
  create: (config, ctx) => new PortScan(config, ctx.maxTrackedKeys),
});

/** A PORT_SCAN rule outside the catalogue (tests, benchmarks). */
export function createPortScan(config: Partial<PortScanConfig> = {}, maxTrackedKeys = 100_000): Rule {
  return new PortScan({ ...portScanRule.defaults, ...config }, maxTrackedKeys);
}
