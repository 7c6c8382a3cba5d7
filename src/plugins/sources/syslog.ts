/**
 * The `syslog` source: a receiver for a fleet forwarding with rsyslog or syslog-ng. Listens on
 * `udp://` and/or `tcp://` addresses (loopback unless an address is given) and hands every message
 * on as one line, unparsed: the parsers read the `<PRI>` network forms of RFC 3164 and RFC 5424. Each
 * line carries the sender's socket address as `peer` and the time of receipt as `receivedAt`.
 *
 * - TCP: RFC 6587 framing, newline or octet counting, decided per frame (`syslog-framing.ts`); any
 *   number of senders up to `maxConnections`; a half frame waits for its rest without holding up
 *   other senders and is dropped (counted) if the sender goes away.
 * - Bounded memory: messages over `maxMessageBytes` are cut (counted); received lines wait in one
 *   queue of at most `queueLines`, handed on in batches between I/O turns. When it is full, UDP
 *   messages are dropped and counted; TCP connections are paused (TCP back-pressure reaches the
 *   senders) until it has drained to half.
 * - An optional allowlist of sender addresses/networks: others are refused (counted, named once).
 * - Counters are in `stats()` (UDP drops by the kernel too, from /proc/net/udp); drops, cuts and
 *   refusals are reported as diagnostics, at most one summary per 10 s, and the status detail shows
 *   connections and drops.
 *
 * Forwarding from each server (TCP, octet-counted RFC 5424, with the sender's host in each message):
 *   rsyslog:   `*.* action(type="omfwd" target="CONSOLE" port="5514" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")`
 *   syslog-ng: `destination d_tw { syslog("CONSOLE" transport("tcp") port(5514)); }; log { source(s_src); destination(d_tw); };`
 * UDP (`@CONSOLE:5514` in rsyslog) is lossy under load and its sender address can be spoofed.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import type { SourceStatus } from '../../engine/model/source-status.js';
import { datagramText, SyslogFramer } from './syslog-framing.js';
import { LineQueue } from './line-queue.js';
import { allowMatcher, allowProblem, formatListen, parseListenUrl, peerAddress, udpKernelDrops, type ListenAddress } from './syslog-listen.js';
import type { SourceContext, SourceDefinition, SourceHandle } from './source.js';

export const syslogSourceSchema = z.strictObject({
  /** `udp://HOST:PORT` / `tcp://HOST:PORT`; no host = 127.0.0.1, no port = 5514. */
  listen: z
    .array(z.string())
    .min(1)
    .superRefine((urls, ctx) => {
      for (const u of urls) {
        const r = parseListenUrl(u);
        if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
      }
    })
    .default(['udp://127.0.0.1:5514']),
  /** Sender addresses or networks accepted; empty accepts every sender. */
  allow: z
    .array(z.string())
    .superRefine((entries, ctx) => {
      for (const e of entries) {
        const problem = allowProblem(e);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      }
    })
    .default([]),
  /** Longest message kept, bytes; longer ones are cut. */
  maxMessageBytes: z.number().int().min(480).max(1 << 20).default(64 * 1024),
  /** Concurrent TCP connections; more are refused. */
  maxConnections: z.number().int().min(1).max(100_000).default(2048),
  /** Received lines waiting to be processed, at most. */
  queueLines: z.number().int().min(100).max(1_000_000).default(20_000),
  /** Close a TCP connection idle this long, ms (0: never). */
  idleTimeoutMs: z.number().int().min(0).default(0),
  /** UDP socket receive buffer, bytes (the kernel may cap it). */
  udpReceiveBufferBytes: z.number().int().min(0).default(4 << 20),
});

export type SyslogSourceConfig = z.infer<typeof syslogSourceSchema>;

export interface SyslogStats {
  received: number;
  /** UDP messages dropped because the queue was full. */
  dropped: number;
  /** UDP datagrams the kernel dropped because the socket's receive buffer was full (Linux). */
  kernelDropped: number;
  /** Messages cut to `maxMessageBytes`. */
  truncated: number;
  /** TCP frames lost to a connection that ended mid-frame. */
  incomplete: number;
  /** Senders refused by the allowlist (UDP messages and TCP connections). */
  refused: number;
  /** TCP connections refused over `maxConnections`. */
  overLimit: number;
  /** Open TCP connections. */
  connections: number;
  /** Times TCP reading was paused because the queue was full. */
  paused: number;
}

export interface SyslogHandle extends SourceHandle {
  /** Resolves once every listener is bound (or failed). */
  readonly ready: Promise<void>;
  /** The bound addresses (with the real port when 0 was asked). */
  addresses(): string[];
  stats(): SyslogStats;
  /** `stats()` with the kernel's UDP drop count read now. */
  refreshStats(): Promise<SyslogStats>;
}

const REPORT_MS = 10_000;
const STATUS_MS = 1000;
const NAMED_REFUSALS = 100;

interface Listener {
  url: string;
  addr: ListenAddress;
  server?: Server;
  udp?: UdpSocket;
  line: number;
  bound: boolean;
  /** The kernel's drop count for the UDP socket when it was bound. */
  dropBase: number;
  failed?: string;
}

export function startSyslogReceiver(config: SyslogSourceConfig, ctx: SourceContext): SyslogHandle {
  const listeners: Listener[] = config.listen.map((url) => {
    const addr = parseListenUrl(url);
    if (typeof addr === 'string') throw new Error(addr); // the schema already refused it
    return { url: formatListen(addr), addr, line: 0, bound: false, dropBase: 0 };
  });
  const name = `syslog ${listeners.map((l) => l.url).join(', ')}`;
  const allowed = allowMatcher(config.allow);
  const stats: SyslogStats = { received: 0, dropped: 0, kernelDropped: 0, truncated: 0, incomplete: 0, refused: 0, overLimit: 0, connections: 0, paused: 0 };
  const reported = { ...stats };
  const namedRefusals = new Set<string>();
  const sockets = new Set<Socket>();
  let paused = false;
  const queue = new LineQueue(config.queueLines, (lines) => ctx.emit(lines), () => {
    if (!paused) return;
    paused = false;
    for (const s of sockets) s.resume();
  });
  let closed = false;
  let stopping = false;
  let status: SourceStatus = { name, state: 'waiting', detail: 'binding' };

  function setStatus(next: SourceStatus): void {
    if (next.state === status.state && next.detail === status.detail) return;
    status = next;
    if (!closed) ctx.status(status);
  }

  function refreshStatus(): void {
    const failed = listeners.filter((l) => l.failed !== undefined);
    if (failed.length > 0) {
      const denied = failed.every((l) => l.failed!.startsWith('permission denied'));
      setStatus({ name, state: denied ? 'denied' : 'error', detail: failed.map((l) => `${l.url}: ${l.failed}`).join('; ') });
      return;
    }
    if (!listeners.every((l) => l.bound)) return;
    const parts = [`listening on ${listeners.map((l) => l.url).join(', ')}`];
    if (listeners.some((l) => l.addr.proto === 'tcp')) parts.push(`${stats.connections} connection${stats.connections === 1 ? '' : 's'}`);
    const dropped = stats.dropped + stats.kernelDropped;
    if (dropped > 0) parts.push(`${dropped} dropped`);
    setStatus({ name, state: 'tailing', detail: parts.join(' · ') });
  }

  function report(): void {
    const parts: string[] = [];
    const delta = (k: keyof SyslogStats) => stats[k] - reported[k];
    if (delta('dropped') > 0) parts.push(`dropped ${delta('dropped')} UDP messages (queue full)`);
    if (delta('kernelDropped') > 0) parts.push(`the kernel dropped ${delta('kernelDropped')} UDP messages (receive buffer full)`);
    if (delta('truncated') > 0) parts.push(`cut ${delta('truncated')} messages longer than ${config.maxMessageBytes} bytes`);
    if (delta('incomplete') > 0) parts.push(`lost ${delta('incomplete')} frames to connections closed mid-frame`);
    if (delta('overLimit') > 0) parts.push(`refused ${delta('overLimit')} connections over the limit of ${config.maxConnections}`);
    if (delta('refused') > 0) parts.push(`refused ${delta('refused')} messages or connections from senders not in the allowlist`);
    Object.assign(reported, stats);
    if (parts.length > 0) ctx.diagnostic({ kind: 'source', message: `${name}: ${parts.join('; ')}` });
    refreshStatus();
  }
  let ticks = 0;
  let polling = false;
  async function pollKernelDrops(): Promise<void> {
    if (polling) return;
    polling = true;
    try {
      let total = 0;
      for (const l of listeners) {
        if (l.udp === undefined || !l.bound) continue;
        const now = await udpKernelDrops(Number(l.url.split(':').at(-1)), l.addr.family);
        if (now !== null) total += Math.max(0, now - l.dropBase);
      }
      stats.kernelDropped = total;
    } finally {
      polling = false;
    }
  }
  const reporter = setInterval(() => {
    void pollKernelDrops();
    if (++ticks * STATUS_MS >= REPORT_MS) {
      ticks = 0;
      report();
    } else refreshStatus();
  }, STATUS_MS);
  reporter.unref();

  function refuse(address: string, l: Listener): void {
    stats.refused++;
    if (namedRefusals.size < NAMED_REFUSALS && !namedRefusals.has(address)) {
      namedRefusals.add(address);
      ctx.diagnostic({ kind: 'source', message: `${l.url}: refused sender ${address} (not in the allowlist)` });
    }
  }

  function enqueue(l: Listener, text: string, peer: string, receivedAt: number, truncated: boolean): void {
    stats.received++;
    if (truncated) stats.truncated++;
    queue.push({ text, file: l.url, line: ++l.line, via: 'syslog', peer, receivedAt });
  }

  function pauseAll(): void {
    if (paused) return;
    paused = true;
    stats.paused++;
    for (const s of sockets) s.pause();
  }

  function onConnection(l: Listener, socket: Socket): void {
    const peer = peerAddress(socket.remoteAddress);
    if (allowed !== null && !allowed(peer)) {
      refuse(peer, l);
      socket.destroy();
      return;
    }
    sockets.add(socket);
    stats.connections++;
    if (paused) socket.pause();
    if (config.idleTimeoutMs > 0) socket.setTimeout(config.idleTimeoutMs, () => socket.destroy());
    let receivedAt = 0;
    const framer = new SyslogFramer(config.maxMessageBytes, (text, truncated) => enqueue(l, text, peer, receivedAt, truncated));
    socket.on('data', (chunk: Buffer) => {
      if (closed) return;
      receivedAt = ctx.now();
      framer.push(chunk);
      if (queue.full) pauseAll();
    });
    socket.on('error', () => undefined); // resets by the peer: the close handler counts what was lost
    socket.on('close', () => {
      sockets.delete(socket);
      stats.connections--;
      if (!closed && framer.end()) stats.incomplete++;
    });
  }

  function onDatagram(l: Listener, msg: Buffer, remote: { address: string }): void {
    if (closed) return;
    const peer = peerAddress(remote.address);
    if (allowed !== null && !allowed(peer)) {
      refuse(peer, l);
      return;
    }
    if (queue.full) {
      stats.dropped++;
      return;
    }
    const m = datagramText(msg, config.maxMessageBytes);
    if (m !== null) enqueue(l, m.text, peer, ctx.now(), m.truncated);
  }

  function failed(l: Listener, err: NodeJS.ErrnoException): void {
    const what =
      err.code === 'EACCES'
        ? 'permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)'
        : err.code === 'EADDRINUSE'
          ? 'address already in use'
          : err.code === 'EADDRNOTAVAIL'
            ? 'no such address on this machine'
            : err.message;
    l.failed = what;
    ctx.diagnostic({ kind: 'source', message: `${l.url}: cannot listen: ${what}` });
    refreshStatus();
  }

  function bind(l: Listener): Promise<void> {
    return new Promise((resolve) => {
      const { host, port } = l.addr;
      const done = (actualPort: number): void => {
        l.url = formatListen({ ...l.addr, port: actualPort });
        l.bound = true;
        refreshStatus();
        resolve();
      };
      if (l.addr.proto === 'tcp') {
        const server = createServer({ noDelay: true }, (s) => onConnection(l, s));
        server.maxConnections = config.maxConnections;
        server.on('drop', () => {
          stats.overLimit++;
        });
        server.on('error', (err) => {
          if (l.bound) ctx.diagnostic({ kind: 'source', message: `${l.url}: ${err.message}` });
          else {
            failed(l, err);
            resolve();
          }
        });
        server.listen({ host, port, backlog: 1024 }, () => done((server.address() as { port: number }).port));
        l.server = server;
      } else {
        const udp = createSocket({ type: l.addr.family === 6 ? 'udp6' : 'udp4', ...(config.udpReceiveBufferBytes > 0 ? { recvBufferSize: config.udpReceiveBufferBytes } : {}) });
        udp.on('message', (msg, rinfo) => onDatagram(l, msg, rinfo));
        udp.on('error', (err) => {
          if (l.bound) ctx.diagnostic({ kind: 'source', message: `${l.url}: ${err.message}` });
          else {
            failed(l, err);
            resolve();
          }
        });
        udp.bind({ address: host, port }, () => {
          try {
            if (config.udpReceiveBufferBytes > 0) udp.setRecvBufferSize(config.udpReceiveBufferBytes);
          } catch {
            // the kernel cap applies
          }
          void udpKernelDrops(udp.address().port, l.addr.family).then((base) => {
            l.dropBase = base ?? 0;
            done(udp.address().port);
          });
        });
        l.udp = udp;
      }
    });
  }

  const ready = Promise.all(listeners.map(bind)).then(() => undefined);

  return {
    get status() {
      return status;
    },
    ready,
    addresses: () => listeners.filter((l) => l.bound).map((l) => l.url),
    stats: () => ({ ...stats }),
    async refreshStats() {
      await pollKernelDrops();
      return { ...stats };
    },
    async close() {
      if (closed || stopping) return;
      stopping = true;
      await ready;
      clearInterval(reporter);
      for (const s of sockets) s.destroy();
      // What was received is still handed on.
      queue.drainAndStop();
      closed = true;
      await Promise.all(
        listeners.map(
          (l) =>
            new Promise<void>((resolve) => {
              if (l.server) l.server.close(() => resolve());
              else if (l.udp && l.bound) l.udp.close(() => resolve());
              else resolve();
            }),
        ),
      );
    },
  };
}

export const syslogSource: SourceDefinition<SyslogSourceConfig> = definePlugin({
  kind: 'source',
  id: 'syslog',
  configKey: 'syslog',
  description: 'Receives syslog from other hosts over UDP and TCP (RFC 3164, RFC 5424, RFC 6587 framing).',
  schema: syslogSourceSchema,
  create: (config, ctx) => startSyslogReceiver(config, ctx),
});
