// A real HTTP server on 127.0.0.1 (a random port) standing in for a webhook receiver: it records
// every request and answers each with the next scripted reply (the last one repeats), so a test can
// say "500, 500, then 200" or "hold the answer until I release it".
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export type Reply =
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Never answers until `release()` (or the client gives up). */
  | { hold: true };

export interface HttpReceiver {
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  /** Replies for the next requests, in order; the last one repeats. */
  script(...replies: Reply[]): void;
  /** Answers every held request with 200. */
  release(): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let replies: Reply[] = [{ status: 200 }];
  const held: ServerResponse[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() });
      const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
      if ('hold' in reply) {
        held.push(res);
        return;
      }
      res.writeHead(reply.status, reply.headers ?? {});
      res.end(reply.body ?? '');
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script(...r) {
      replies = r;
    },
    release() {
      for (const res of held.splice(0)) if (!res.writableEnded && !res.destroyed) res.writeHead(200).end();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
