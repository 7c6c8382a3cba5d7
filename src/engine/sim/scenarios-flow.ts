/**
 * Zeek conn.log records as JSON lines (log-formats.md §6.1, `LogAscii::use_json=T`): the local
 * network's everyday connections and, now and then, one host sending far more than usual. A record
 * is written when its connection ends; its `ts` is the start.
 */
import { SERVER_IPV4 } from './addresses.js';
import type { Random } from './prng.js';
import type { SimContext } from './sim-context.js';

const S = 1000;

/** Hosts on the monitored network (documentation range). */
export const LOCAL_HOSTS = [SERVER_IPV4, '192.0.2.20', '192.0.2.21'] as const;
/** Remote peers (documentation range, outside the shipped intel feed). */
const REMOTE_PEERS = ['198.51.100.200', '198.51.100.201', '198.51.100.210', '203.0.113.180', '203.0.113.181'] as const;
const SERVICES = [
  { port: 443, service: 'ssl' },
  { port: 80, service: 'http' },
  { port: 53, service: 'dns', proto: 'udp' },
  { port: 123, service: 'ntp', proto: 'udp' },
] as const;

function uid(rnd: Random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = 'C';
  for (let i = 0; i < 17; i++) out += alphabet[rnd.int(0, 61)];
  return out;
}

interface Conn {
  orig: string;
  resp: string;
  respPort: number;
  proto: string;
  service: string;
  /** Seconds. */
  duration: number;
  origIpBytes: number;
  respIpBytes: number;
  localOrig: boolean;
  localResp: boolean;
}

/** Schedules the record of a connection that started at `t` (written when it ends). */
function record(ctx: SimContext, t: number, c: Conn): void {
  const { rnd } = ctx;
  const origPkts = Math.max(1, Math.round(c.origIpBytes / 900));
  const respPkts = Math.max(1, Math.round(c.respIpBytes / 900));
  const header = c.proto === 'tcp' ? 52 : 28;
  const obj = {
    ts: Number((ctx.clock(t) / 1000).toFixed(6)),
    uid: uid(rnd),
    'id.orig_h': c.orig,
    'id.orig_p': ctx.port(),
    'id.resp_h': c.resp,
    'id.resp_p': c.respPort,
    proto: c.proto,
    service: c.service,
    duration: Number(c.duration.toFixed(6)),
    orig_bytes: Math.max(0, c.origIpBytes - origPkts * header),
    resp_bytes: Math.max(0, c.respIpBytes - respPkts * header),
    conn_state: 'SF',
    local_orig: c.localOrig,
    local_resp: c.localResp,
    missed_bytes: 0,
    history: c.proto === 'tcp' ? 'ShADadFf' : 'Dd',
    orig_pkts: origPkts,
    orig_ip_bytes: c.origIpBytes,
    resp_pkts: respPkts,
    resp_ip_bytes: c.respIpBytes,
  };
  ctx.emitRaw(t + c.duration * S, JSON.stringify(obj));
}

/** One everyday connection: a local host fetching something, or a remote client fetching from the server. */
export function backgroundFlow(ctx: SimContext, t: number): void {
  const { rnd } = ctx;
  const svc = rnd.pick(SERVICES);
  const proto = 'proto' in svc ? svc.proto : 'tcp';
  if (rnd.chance(0.8)) {
    record(ctx, t, {
      orig: rnd.pick(LOCAL_HOSTS),
      resp: rnd.pick(REMOTE_PEERS),
      respPort: svc.port,
      proto,
      service: svc.service,
      duration: proto === 'udp' ? rnd.range(0.01, 0.2) : rnd.range(0.2, 25),
      origIpBytes: rnd.int(300, 40_000),
      respIpBytes: rnd.int(500, 400_000),
      localOrig: true,
      localResp: false,
    });
  } else {
    record(ctx, t, {
      orig: rnd.pick(REMOTE_PEERS),
      resp: SERVER_IPV4,
      respPort: 443,
      proto: 'tcp',
      service: 'ssl',
      duration: rnd.range(0.2, 10),
      origIpBytes: rnd.int(400, 4000),
      respIpBytes: rnd.int(2000, 60_000),
      localOrig: false,
      localResp: true,
    });
  }
}

/** A local host uploading 0.4–6 MB within a minute: a spike against its baseline, often past the limit too. */
export function exfiltration(ctx: SimContext, t: number): void {
  const { rnd } = ctx;
  record(ctx, t, {
    orig: rnd.pick(LOCAL_HOSTS),
    resp: rnd.pick(REMOTE_PEERS),
    respPort: 443,
    proto: 'tcp',
    service: 'ssl',
    duration: rnd.range(5, 40),
    origIpBytes: rnd.int(400_000, 6_000_000),
    respIpBytes: rnd.int(20_000, 90_000),
    localOrig: true,
    localResp: false,
  });
}
