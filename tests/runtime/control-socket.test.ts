// The control socket in-process: the protocol's parser, a server with a fake handler and the
// client, the limits (size, timeout, bad requests), the owner check, stale and long paths.
import { spawn } from 'node:child_process';
import { chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BlockRecord } from '../../src/engine/model/block.js';
import { cleanActor, parseControlRequest, type ControlHandler } from '../../src/runtime/control-protocol.js';
import { ControlSocketError, controlSocketPath, sendControlRequest, startControlServer, type ControlServer } from '../../src/runtime/control-socket.js';

const dataDir = (): string => {
  const d = join(mkdtempSync(join(tmpdir(), 'tw-ctl-')), 'data');
  mkdirSync(d, { mode: 0o700 });
  return d;
};

const record = (ip: string, state: BlockRecord['state'] = 'active'): BlockRecord => ({
  ip,
  backend: 'simulate',
  at: '2026-03-02T10:00:00.000Z',
  until: null,
  alertId: null,
  simulated: true,
  state,
});

interface FakeHandler extends ControlHandler {
  calls: string[];
}

function fakeHandler(over: Partial<ControlHandler> = {}): FakeHandler {
  const calls: string[] = [];
  return {
    calls,
    pid: 4242,
    backend: () => 'simulate',
    async block(target, seconds, actor) {
      calls.push(`block ${target} ${String(seconds)} ${actor}`);
      return { ok: true, message: `Blocked ${target}`, record: record(target) };
    },
    async unblock(target, actor) {
      calls.push(`unblock ${target} ${actor}`);
      return { ok: false, message: `${target} is not blocked` };
    },
    blocks: (all) => (all ? [record('198.51.100.7', 'expired'), record('203.0.113.45')] : [record('203.0.113.45')]),
    ...over,
  };
}

/** Sends raw bytes and returns the answer line (or what came before the close). */
function raw(path: string, data: string | Buffer, opts: { end?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(path);
    let out = '';
    sock.setEncoding('utf8').on('data', (d: string) => (out += d));
    sock.on('error', reject);
    sock.on('close', () => resolve(out));
    sock.on('connect', () => {
      sock.write(data);
      if (opts.end) sock.end();
    });
  });
}

const servers: ControlServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function serve(dir: string, handler: ControlHandler, opts?: Parameters<typeof startControlServer>[2]): Promise<ControlServer> {
  const s = await startControlServer(dir, handler, opts);
  servers.push(s);
  return s;
}

describe('control protocol', () => {
  it('accepts the three operations and nothing else', () => {
    expect(parseControlRequest('{"v":1,"op":"block","target":"203.0.113.45","seconds":600,"actor":"a@pts/1","backend":"nftables"}')).toMatchObject({ ok: true });
    expect(parseControlRequest('{"v":1,"op":"block","target":"203.0.113.45","seconds":null}')).toMatchObject({ ok: true });
    expect(parseControlRequest('{"v":1,"op":"unblock","target":"203.0.113.45"}')).toMatchObject({ ok: true });
    expect(parseControlRequest('{"v":1,"op":"blocks","all":true}')).toMatchObject({ ok: true });
    for (const bad of [
      'not json',
      '{"v":1,"op":"shutdown"}',
      '{"v":2,"op":"blocks"}',
      '{"op":"blocks"}',
      '{"v":1,"op":"blocks","extra":1}',
      '{"v":1,"op":"block","target":"203.0.113.45","seconds":1.5}',
      `{"v":1,"op":"block","target":"${'1'.repeat(300)}"}`,
      '[1]',
    ]) {
      expect(parseControlRequest(bad), bad).toMatchObject({ ok: false, message: expect.any(String) });
    }
  });

  it('keeps only the characters an audit-log actor may have', () => {
    expect(cleanActor('alice(sudo)@pts/3')).toBe('alice(sudo)@pts/3');
    expect(cleanActor('eve\u001b[31m@x y')).toBe('eve??31m@x?y');
    expect(cleanActor('')).toBe('cli');
    expect(cleanActor(undefined)).toBe('cli');
  });
});

describe('control socket', () => {
  it('answers block, unblock and blocks, on a socket only its owner can use (0600)', async () => {
    const dir = dataDir();
    const h = fakeHandler();
    const server = await serve(dir, h);
    expect(server.path).toBe(join(dir, 'control.sock'));
    const st = lstatSync(server.path);
    expect(st.isSocket()).toBe(true);
    expect((st.mode & 0o777).toString(8)).toBe('600');

    const blocked = await sendControlRequest(dir, { v: 1, op: 'block', target: '203.0.113.45', seconds: 600, actor: 'alice@pts/1', id: 'r1' });
    expect(blocked).toMatchObject({ v: 1, id: 'r1', ok: true, message: 'Blocked 203.0.113.45', pid: 4242, backend: 'simulate', record: { ip: '203.0.113.45' } });
    expect(await sendControlRequest(dir, { v: 1, op: 'unblock', target: '203.0.113.45', actor: 'bad actor\n' })).toMatchObject({ ok: false, message: '203.0.113.45 is not blocked' });
    expect(await sendControlRequest(dir, { v: 1, op: 'block', target: '203.0.113.46' })).toMatchObject({ ok: true });
    expect(h.calls).toEqual(['block 203.0.113.45 600 alice@pts/1', 'unblock 203.0.113.45 bad?actor?', 'block 203.0.113.46 undefined cli']);

    expect((await sendControlRequest(dir, { v: 1, op: 'blocks' }))?.blocks?.map((b) => b.ip)).toEqual(['203.0.113.45']);
    expect((await sendControlRequest(dir, { v: 1, op: 'blocks', all: true }))?.blocks?.map((b) => b.state)).toEqual(['expired', 'active']);
  });

  it('refuses a block for another backend than its own, without calling the handler', async () => {
    const dir = dataDir();
    const h = fakeHandler();
    await serve(dir, h);
    const res = await sendControlRequest(dir, { v: 1, op: 'block', target: '203.0.113.45', backend: 'nftables' });
    expect(res).toMatchObject({ ok: false, error: 'backend-mismatch', message: expect.stringContaining('blocks with simulate, not nftables') });
    expect(h.calls).toEqual([]);
  });

  it('answers bad, oversized, empty and slow requests with an error, never calling the handler', async () => {
    const dir = dataDir();
    const h = fakeHandler();
    const server = await serve(dir, h, { requestTimeoutMs: 300 });
    const answerOf = (text: string) => JSON.parse(text.trim()) as { ok: boolean; error: string; message: string };
    expect(answerOf(await raw(server.path, 'hello\n'))).toMatchObject({ ok: false, error: 'bad-request', message: 'request is not JSON' });
    expect(answerOf(await raw(server.path, '{"v":1,"op":"exec","cmd":"id"}\n'))).toMatchObject({ ok: false, error: 'bad-request' });
    expect(answerOf(await raw(server.path, Buffer.alloc(5000, 'x')))).toMatchObject({ ok: false, error: 'too-large' });
    expect(answerOf(await raw(server.path, '', { end: true }))).toMatchObject({ ok: false, error: 'bad-request', message: 'empty request' });
    expect(answerOf(await raw(server.path, '{"v":1,"op":"blo'))).toMatchObject({ ok: false, error: 'timeout' });
    expect(h.calls).toEqual([]);
    // a request without its newline, ended by a half-close, is still one request
    expect(answerOf(await raw(server.path, '{"v":1,"op":"block","target":"203.0.113.45"}', { end: true }))).toMatchObject({ ok: true });
    expect(h.calls).toHaveLength(1);
  });

  it('close() lets a request being applied finish, then removes the socket file', async () => {
    const dir = dataDir();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const server = await startControlServer(
      dir,
      fakeHandler({
        async block(target) {
          await gate;
          return { ok: true, message: `Blocked ${target}`, record: null };
        },
      }),
    );
    const pending = sendControlRequest(dir, { v: 1, op: 'block', target: '203.0.113.45' });
    await new Promise((r) => setTimeout(r, 100));
    const closing = server.close();
    setTimeout(release, 100);
    expect(await pending).toMatchObject({ ok: true, message: 'Blocked 203.0.113.45' });
    await closing;
    expect(existsSync(server.path)).toBe(false);
    expect(await sendControlRequest(dir, { v: 1, op: 'blocks' })).toBeNull();
  });

  it('the client: null without a socket or with a stale one; refuses what is not a socket', async () => {
    const dir = dataDir();
    expect(await sendControlRequest(dir, { v: 1, op: 'blocks' })).toBeNull();
    // a socket left by a killed holder: nothing listens
    const path = controlSocketPath(dir);
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    await new Promise((r) => child.on('close', r));
    expect(lstatSync(path).isSocket()).toBe(true);
    expect(await sendControlRequest(dir, { v: 1, op: 'blocks' })).toBeNull();
    // the server takes its place
    await serve(dir, fakeHandler());
    expect(await sendControlRequest(dir, { v: 1, op: 'blocks' })).toMatchObject({ ok: true });

    const other = dataDir();
    writeFileSync(controlSocketPath(other), 'not a socket');
    await expect(sendControlRequest(other, { v: 1, op: 'blocks' })).rejects.toThrow(/is not a socket/);
    await expect(startControlServer(other, fakeHandler())).rejects.toThrow(ControlSocketError);
  });

  it.runIf(process.getuid?.() === 0)('the client refuses a socket owned by another user (as root: chown to nobody)', async () => {
    const dir = dataDir();
    const server = await serve(dir, fakeHandler());
    chownSync(server.path, 65534, 65534);
    await expect(sendControlRequest(dir, { v: 1, op: 'blocks' })).rejects.toThrow(/belongs to uid 65534, not to you \(uid 0\)/);
  });

  it('works where the socket path is longer than a socket address allows', async () => {
    const base = mkdtempSync(join(tmpdir(), 'tw-ctl-long-'));
    const dir = join(base, 'a'.repeat(60), 'b'.repeat(60));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    expect(Buffer.byteLength(controlSocketPath(dir))).toBeGreaterThan(108);
    const server = await startControlServer(dir, fakeHandler());
    expect(lstatSync(server.path).isSocket()).toBe(true);
    expect(await sendControlRequest(dir, { v: 1, op: 'blocks' })).toMatchObject({ ok: true, pid: 4242 });
    await server.close();
    expect(existsSync(server.path)).toBe(false);
  });
});
