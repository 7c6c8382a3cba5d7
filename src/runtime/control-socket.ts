/**
 * EDGE (net, fs): the control socket, `<dataDir>/control.sock`, through which `block`, `unblock`
 * and `blocks` hand their action to the console or `watch` that holds the data directory instead of
 * fighting it for the store (protocol: control-protocol.ts).
 *
 * Server (started by the runtime in writer mode, so only the lock holder ever listens):
 * - A Unix domain socket, chmod 0600 right after it is bound, inside the data directory, which is
 *   ours and 0700 (data-dir.ts), so nobody else can reach it even in between. A socket or symlink
 *   left at the path by a killed holder is removed first (we hold the lock: it cannot be live);
 *   anything else there is an error, never deleted.
 * - One request line per connection, at most `MAX_REQUEST_BYTES`, within `REQUEST_TIMEOUT_MS`;
 *   at most 16 connections at once. `close()` stops listening, lets requests being applied finish,
 *   and removes the socket file while it is still the one we bound.
 *
 * Client:
 * - Refuses a socket that is not a socket or is not owned by the current user (`ControlSocketError`).
 * - `null` when nothing listens (no socket file, or a stale one: ECONNREFUSED), so the caller can
 *   open the store itself.
 *
 * Paths longer than a socket address allows (108 bytes on Linux) are reached through the data
 * directory's descriptor, `/proc/self/fd/N/control.sock`.
 */
import { closeSync, constants, lstatSync, openSync, unlinkSync, chmodSync, type Stats } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import {
  CONTROL_SOCKET_FILE,
  MAX_REQUEST_BYTES,
  MAX_RESPONSE_BYTES,
  PROTOCOL_VERSION,
  REQUEST_TIMEOUT_MS,
  answer,
  parseControlRequest,
  parseControlResponse,
  type ControlHandler,
  type ControlRequest,
  type ControlResponse,
} from './control-protocol.js';

export class ControlSocketError extends Error {
  override readonly name = 'ControlSocketError';
}

/** Longest `sun_path` we use directly (108 bytes on Linux, NUL included; 104 elsewhere). */
const MAX_SOCKET_PATH = 103;

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, CONTROL_SOCKET_FILE);
}

/** A bindable/connectable address for `path`, and what to release once done with it. */
function addressFor(path: string, dir: string): { address: string; release(): void } {
  if (Buffer.byteLength(path) <= MAX_SOCKET_PATH) return { address: path, release: () => undefined };
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  let open = true;
  return {
    address: `/proc/self/fd/${fd}/${CONTROL_SOCKET_FILE}`,
    release() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export interface ControlServer {
  readonly path: string;
  /** Stops listening, waits for requests being applied, removes the socket file. Idempotent. */
  close(): Promise<void>;
}

export interface ControlServerOptions {
  /** @default REQUEST_TIMEOUT_MS */
  requestTimeoutMs?: number;
  /** Called after each answered request (the runtime turns actions into diagnostics). */
  onRequest?(request: ControlRequest, response: ControlResponse): void;
}

/** Listens on `<dataDir>/control.sock` (see the file header). Rejects with a `ControlSocketError`. */
export async function startControlServer(dataDir: string, handler: ControlHandler, opts: ControlServerOptions = {}): Promise<ControlServer> {
  const path = controlSocketPath(dataDir);
  const timeoutMs = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const existing = lstatOrNull(path);
  if (existing !== null) {
    if (!existing.isSocket() && !existing.isSymbolicLink()) throw new ControlSocketError(`${path} exists and is not a socket (remove it to let block/unblock reach this process)`);
    unlinkSync(path);
  }
  const sockets = new Set<Socket>();
  const inflight = new Set<Promise<void>>();
  let closing = false;

  const server: Server = createServer({ allowHalfOpen: true }, (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined); // the client went away; nothing to tell
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const reply = (res: ControlResponse): void => {
      if (!sock.destroyed && sock.writable) sock.end(`${JSON.stringify(res)}\n`, () => sock.destroy());
      else sock.destroy();
    };
    const refuse = (error: string, message: string): void => {
      done = true;
      sock.pause();
      reply({ v: PROTOCOL_VERSION, ok: false, error, message });
    };
    const handle = (line: string): void => {
      done = true;
      sock.pause();
      sock.setTimeout(0);
      if (closing) return refuse('shutting-down', 'the running threatwatch-tui is shutting down');
      const parsed = parseControlRequest(line.replace(/\r$/, ''));
      if (!parsed.ok) return refuse('bad-request', parsed.message);
      const work = answer(parsed.request, handler).then((res) => {
        reply(res);
        opts.onRequest?.(parsed.request, res);
      });
      inflight.add(work);
      void work.finally(() => inflight.delete(work));
    };
    sock.setTimeout(timeoutMs, () => {
      if (!done) refuse('timeout', `no request line within ${timeoutMs / 1000} s`);
    });
    sock.on('data', (chunk: Buffer) => {
      if (done) return;
      const nl = chunk.indexOf(0x0a);
      const part = nl === -1 ? chunk : chunk.subarray(0, nl);
      size += part.length;
      if (size > MAX_REQUEST_BYTES) return refuse('too-large', `request longer than ${MAX_REQUEST_BYTES} bytes`);
      chunks.push(part);
      if (nl !== -1) handle(Buffer.concat(chunks).toString('utf8'));
    });
    sock.on('end', () => {
      if (done) return;
      if (size === 0) refuse('bad-request', 'empty request');
      else handle(Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.maxConnections = 16;

  const { address, release } = addressFor(path, dataDir);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address, () => {
        server.off('error', reject);
        resolve();
      });
    });
    chmodSync(path, 0o600);
  } catch (err) {
    server.close();
    release();
    throw new ControlSocketError(`cannot listen on ${path}: ${(err as Error).message}`);
  }
  const ino = lstatSync(path).ino;
  server.on('error', () => undefined);
  server.unref(); // listening alone never keeps the process alive; a request being answered does

  let closed: Promise<void> | null = null;
  return {
    path,
    close() {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.allSettled([...inflight]);
        for (const s of sockets) s.destroy();
        await stopped;
        release();
        try {
          const st = lstatOrNull(path);
          if (st !== null && st.ino === ino && st.isSocket()) unlinkSync(path);
        } catch {
          // gone already
        }
      })();
      return closed;
    },
  };
}

/**
 * Throws unless the file at `path` is a socket owned by the current user; false when there is none.
 */
export function checkControlSocket(path: string, uid: number | undefined = process.getuid?.()): boolean {
  const st = lstatOrNull(path);
  if (st === null) return false;
  if (!st.isSocket()) throw new ControlSocketError(`refusing to use ${path}: it is not a socket`);
  if (uid !== undefined && st.uid !== uid) {
    throw new ControlSocketError(`refusing to use ${path}: it belongs to uid ${st.uid}, not to you (uid ${uid})`);
  }
  return true;
}

export interface ControlClientOptions {
  /** Whole exchange, connect to answer. @default 60000 (a backend may run several commands) */
  timeoutMs?: number;
}

/**
 * Sends one request to the holder of `dataDir`. `null` when nothing listens there; a
 * `ControlSocketError` for a socket we must not use, a timeout, or an answer that is not one.
 */
export async function sendControlRequest(dataDir: string, request: ControlRequest, opts: ControlClientOptions = {}): Promise<ControlResponse | null> {
  const path = controlSocketPath(dataDir);
  if (!checkControlSocket(path)) return null;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const { address, release } = addressFor(path, dataDir);
  return new Promise<ControlResponse | null>((resolve, reject) => {
    const sock = createConnection(address);
    const chunks: Buffer[] = [];
    let size = 0;
    let connected = false;
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      release();
      sock.destroy();
      fn();
    };
    const timer = setTimeout(
      () => settle(() => reject(new ControlSocketError(`no answer on ${path} within ${timeoutMs / 1000} s`))),
      timeoutMs,
    );
    sock.on('connect', () => {
      connected = true;
      release();
      sock.write(`${JSON.stringify(request)}\n`);
    });
    sock.on('data', (chunk: Buffer) => {
      const nl = chunk.indexOf(0x0a);
      const part = nl === -1 ? chunk : chunk.subarray(0, nl);
      size += part.length;
      if (size > MAX_RESPONSE_BYTES) return settle(() => reject(new ControlSocketError(`answer on ${path} is longer than ${MAX_RESPONSE_BYTES} bytes`)));
      chunks.push(part);
      if (nl === -1) return;
      const res = parseControlResponse(Buffer.concat(chunks).toString('utf8'));
      settle(() => (res === null ? reject(new ControlSocketError(`the process on ${path} did not answer in the control protocol`)) : resolve(res)));
    });
    sock.on('close', () => settle(() => reject(new ControlSocketError(`the process on ${path} closed the connection without answering`))));
    sock.on('error', (err: NodeJS.ErrnoException) => {
      // A socket file nobody listens on any more (its holder was killed): as good as none.
      if (!connected && (err.code === 'ECONNREFUSED' || err.code === 'ENOENT')) settle(() => resolve(null));
      else settle(() => reject(new ControlSocketError(`cannot talk to ${path}: ${err.message}`)));
    });
  });
}
