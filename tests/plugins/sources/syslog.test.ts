import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startSyslogReceiver, syslogSource, syslogSourceSchema, type SyslogHandle, type SyslogSourceConfig } from '../../../src/plugins/sources/syslog.js';
import { fakeContext, sleep, waitFor, type FakeContext } from './fake-context.js';

const run = promisify(execFile);
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const RSYSLOGD = ['/usr/sbin/rsyslogd', 'rsyslogd'].find((c) => spawnSync(c, ['-v']).status === 0) ?? null;
const hasLogger = has('logger') && spawnSync('logger', ['--help']).stdout.toString().includes('--server');
if (!hasLogger) console.warn('skipping the util-linux logger tests: logger with --server is missing (apt-get install bsdutils)');
if (RSYSLOGD === null) console.warn('skipping the rsyslogd forwarding test: rsyslogd is missing (apt-get install rsyslog)');

let handles: SyslogHandle[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const h of handles.splice(0)) await h.close();
});

async function receiver(config: Partial<SyslogSourceConfig>, ctx: FakeContext = fakeContext()): Promise<{ h: SyslogHandle; ctx: FakeContext; port: (proto: 'tcp' | 'udp') => number }> {
  const h = startSyslogReceiver(syslogSourceSchema.parse(config), ctx);
  handles.push(h);
  await h.ready;
  const port = (proto: 'tcp' | 'udp'): number => Number(h.addresses().find((a) => a.startsWith(proto))!.split(':').at(-1));
  return { h, ctx, port };
}

function tcpClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.on('error', reject);
    sockets.push(s);
  });
}

const write = (s: Socket, data: string | Buffer): Promise<void> => new Promise((r) => s.write(data, () => r()));
const octet = (msg: string): string => `${Buffer.byteLength(msg)} ${msg}`;
const SSH = 'Failed password for root from 203.0.113.45 port 52144 ssh2';

describe('syslog source', () => {
  it('has its defaults in the schema and refuses bad addresses', () => {
    expect(syslogSource.defaults).toMatchObject({ listen: ['udp://127.0.0.1:5514'], allow: [], maxMessageBytes: 65536 });
    expect(syslogSourceSchema.safeParse({ listen: ['http://127.0.0.1:1'] }).success).toBe(false);
    expect(syslogSourceSchema.safeParse({ listen: ['tcp://example.org:514'] }).success).toBe(false);
    expect(syslogSourceSchema.safeParse({ allow: ['10.0.0.0/33'] }).success).toBe(false);
    expect(syslogSourceSchema.parse({ listen: ['tcp://:0', 'udp://[::1]:0'] }).listen).toHaveLength(2);
  });

  it('binds loopback when no address is given, and says where it listens', async () => {
    const { h, port } = await receiver({ listen: ['tcp://:0', 'udp://:0'] });
    expect(h.addresses()).toEqual([`tcp://127.0.0.1:${port('tcp')}`, `udp://127.0.0.1:${port('udp')}`]);
    expect(h.status).toEqual({ name: 'syslog tcp://127.0.0.1:0, udp://127.0.0.1:0', state: 'tailing', detail: `listening on ${h.addresses().join(', ')} · 0 connections` });
  });

  it('reports an address in use as an error', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const { h, ctx } = await receiver({ listen: [`tcp://127.0.0.1:${taken}`] });
      expect(h.status.state).toBe('error');
      expect(h.status.detail).toMatch(/address already in use/);
      expect(ctx.diagnostics[0]?.message).toMatch(/cannot listen/);
    } finally {
      blocker.close();
    }
  });

  describe.skipIf(!hasLogger)('with util-linux logger', () => {
    it('UDP, RFC 3164 and RFC 5424: one line each, with peer, via and receivedAt', async () => {
      const { ctx, port } = await receiver({ listen: ['udp://127.0.0.1:0'] });
      const p = String(port('udp'));
      await run('logger', ['--server', '127.0.0.1', '--port', p, '--udp', '--rfc3164', '-t', 'sshd', '-p', 'auth.info', SSH]);
      await run('logger', ['--server', '127.0.0.1', '--port', p, '--udp', '--rfc5424', '-t', 'sshd', '-p', 'auth.info', SSH]);
      await waitFor(() => ctx.lines.length === 2, 'two datagrams');
      expect(ctx.lines[0]!.text).toMatch(/^<38>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ sshd: Failed password for root from 203\.0\.113\.45 port 52144 ssh2$/);
      expect(ctx.lines[1]!.text).toMatch(/^<38>1 \d{4}-\d\d-\d\dT\S+ \S+ sshd - - \[timeQuality[^\]]*\] Failed password/);
      expect(ctx.lines[0]).toMatchObject({ file: `udp://127.0.0.1:${p}`, line: 1, via: 'syslog', peer: '127.0.0.1' });
      expect(Math.abs(ctx.lines[0]!.receivedAt! - Date.now())).toBeLessThan(10_000);
    });

    it('TCP with newline framing and with octet counting', async () => {
      const { ctx, port } = await receiver({ listen: ['tcp://127.0.0.1:0'] });
      const p = String(port('tcp'));
      await run('logger', ['--server', '127.0.0.1', '--port', p, '--tcp', '-t', 'sshd', SSH]);
      await run('logger', ['--server', '127.0.0.1', '--port', p, '--tcp', '--octet-count', '--rfc5424', '-t', 'sshd', SSH]);
      await waitFor(() => ctx.lines.length === 2, 'two messages');
      for (const l of ctx.lines) expect(l.text).toMatch(/sshd.*Failed password for root from 203\.0\.113\.45 port 52144 ssh2$/);
      expect(ctx.lines[1]!.text.startsWith('<13>1 ')).toBe(true);
    });
  });

  describe.skipIf(RSYSLOGD === null)('with rsyslogd forwarding', () => {
    let rsyslogd: ChildProcess | null = null;
    let dir = '';
    afterEach(async () => {
      if (rsyslogd !== null && rsyslogd.exitCode === null) {
        const exited = new Promise((r) => rsyslogd!.once('exit', r));
        rsyslogd.kill('SIGTERM');
        await exited;
      }
      rsyslogd = null;
      if (dir !== '') rmSync(dir, { recursive: true, force: true });
    });

    it('receives a file forwarded by rsyslogd over TCP (octet-counted RFC 5424) and UDP (RFC 3164)', async () => {
      const { ctx, port } = await receiver({ listen: ['tcp://127.0.0.1:0', 'udp://127.0.0.1:0'] });
      dir = mkdtempSync(path.join(tmpdir(), 'tw-rsyslog-'));
      const input = path.join(dir, 'auth.log');
      writeFileSync(input, '');
      const conf = path.join(dir, 'rsyslog.conf');
      writeFileSync(
        conf,
        [
          `global(workDirectory="${dir}")`,
          'module(load="imfile")',
          `input(type="imfile" File="${input}" Tag="sshd[4242]:" Facility="auth" Severity="info")`,
          `action(type="omfwd" target="127.0.0.1" port="${port('tcp')}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")`,
          `action(type="omfwd" target="127.0.0.1" port="${port('udp')}" protocol="udp")`,
          '',
        ].join('\n'),
      );
      rsyslogd = spawn(RSYSLOGD!, ['-n', '-f', conf, '-i', path.join(dir, 'rsyslogd.pid')], { stdio: 'ignore' });
      await sleep(1000); // imfile starts watching
      const lines = Array.from({ length: 50 }, (_, i) => `Failed password for invalid user u${i} from 198.51.100.${i} port ${40000 + i} ssh2`);
      appendFileSync(input, `${lines.join('\n')}\n`);
      await waitFor(() => ctx.lines.length === 100, '50 lines over each transport', 20_000);
      const tcp = ctx.lines.filter((l) => l.file.startsWith('tcp'));
      const udp = ctx.lines.filter((l) => l.file.startsWith('udp'));
      expect(tcp.map((l) => l.text.replace(/^<38>1 \S+ \S+ sshd 4242 - - /, ''))).toEqual(lines);
      expect(udp.map((l) => l.text.replace(/^<38>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ sshd\[4242\]: /, ''))).toEqual(lines);
      expect(new Set(ctx.lines.map((l) => l.peer))).toEqual(new Set(['127.0.0.1']));
    });
  });

  it('a sender that opens 500 connections: every message arrives', async () => {
    const { h, ctx, port } = await receiver({ listen: ['tcp://127.0.0.1:0'] });
    const clients = await Promise.all(Array.from({ length: 500 }, () => tcpClient(port('tcp'))));
    await waitFor(() => h.stats().connections === 500, '500 connections');
    await Promise.all(clients.map((s, i) => write(s, `<38>May  1 09:14:04 host${i} sshd[1]: ${SSH}\n${octet(`<38>1 - host${i} sshd 1 - - second`)}`)));
    await waitFor(() => ctx.lines.length === 1000, '1000 messages');
    expect(new Set(ctx.lines.map((l) => l.text)).size).toBe(1000);
    for (const s of clients) s.end();
    await waitFor(() => h.stats().connections === 0, 'all closed');
    expect(h.stats()).toMatchObject({ received: 1000, incomplete: 0, dropped: 0 });
  });

  it('a sender that sends half a frame and stalls holds up nobody; the half frame is counted when it leaves', async () => {
    const { h, ctx, port } = await receiver({ listen: ['tcp://127.0.0.1:0'] });
    const staller = await tcpClient(port('tcp'));
    await write(staller, `${octet('<38>1 - a sshd 1 - - complete')}300 <38>1 - a sshd 1 - - only the beginning`);
    const other = await tcpClient(port('tcp'));
    await write(other, '<38>1 - b sshd 2 - - from another sender\n');
    await waitFor(() => ctx.lines.length === 2, 'the complete messages');
    expect(ctx.texts()).toEqual(['<38>1 - a sshd 1 - - complete', '<38>1 - b sshd 2 - - from another sender']);
    staller.destroy();
    await waitFor(() => h.stats().incomplete === 1, 'half frame counted');
    expect(ctx.lines).toHaveLength(2);
  });

  it('cuts a 1 MB line and binary garbage does no harm', async () => {
    const { h, ctx, port } = await receiver({ listen: ['tcp://127.0.0.1:0', 'udp://127.0.0.1:0'], maxMessageBytes: 8192 });
    const s = await tcpClient(port('tcp'));
    const garbage = Buffer.alloc(200_000);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) & 0xff;
    await write(s, Buffer.concat([Buffer.from(`<38>${'A'.repeat(1 << 20)}\n`), garbage, Buffer.from(`\n<38>1 - h sshd 1 - - after the garbage\n`)]));
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.send(garbage.subarray(0, 1000), port('udp'), '127.0.0.1', () => r()));
    await new Promise<void>((r) => udp.send('<38>1 - h sshd 1 - - udp after garbage', port('udp'), '127.0.0.1', () => r()));
    udp.close();
    await waitFor(() => ctx.texts().includes('<38>1 - h sshd 1 - - after the garbage') && ctx.texts().includes('<38>1 - h sshd 1 - - udp after garbage'), 'messages after garbage');
    expect(ctx.lines.find((l) => l.file.startsWith('tcp'))!.text.length).toBe(8192);
    expect(ctx.lines.every((l) => Buffer.byteLength(l.text) <= 8192 * 3)).toBe(true);
    expect(h.stats().truncated).toBeGreaterThanOrEqual(1);
  });

  it('refuses senders outside the allowlist, naming them once', async () => {
    const { h, ctx, port } = await receiver({ listen: ['tcp://127.0.0.1:0', 'udp://127.0.0.1:0'], allow: ['192.0.2.0/24'] });
    const s = connect({ host: '127.0.0.1', port: port('tcp') });
    s.on('error', () => undefined);
    await new Promise((r) => s.once('close', r));
    const udp = createSocket('udp4');
    for (let i = 0; i < 3; i++) await new Promise<void>((r) => udp.send('<38>x', port('udp'), '127.0.0.1', () => r()));
    udp.close();
    await waitFor(() => h.stats().refused === 4, 'refusals counted');
    expect(ctx.lines).toEqual([]);
    expect(ctx.diagnostics.filter((d) => /refused sender 127\.0\.0\.1/.test(d.message))).toHaveLength(1);
    const allowed = await receiver({ listen: ['udp://127.0.0.1:0'], allow: ['127.0.0.1'] });
    const u2 = createSocket('udp4');
    await new Promise<void>((r) => u2.send('<38>ok', allowed.port('udp'), '127.0.0.1', () => r()));
    u2.close();
    await waitFor(() => allowed.ctx.lines.length === 1, 'allowed sender');
  });

  it('TCP back-pressure: a slow pipeline pauses the senders and loses nothing', async () => {
    const slow = fakeContext();
    const emit = slow.emit.bind(slow);
    slow.emit = (lines) => {
      const until = Date.now() + 2;
      while (Date.now() < until); // a pipeline that takes 2 ms per batch
      emit(lines);
    };
    const { h, port } = await receiver({ listen: ['tcp://127.0.0.1:0'], queueLines: 200 }, slow);
    const total = 30_000;
    const senders = await Promise.all([0, 1, 2].map(() => tcpClient(port('tcp'))));
    await Promise.all(
      senders.map(async (s, k) => {
        let out = '';
        for (let i = 0; i < total / 3; i++) out += `<38>1 - s${k} app - - - message ${i}\n`;
        await write(s, out);
      }),
    );
    await waitFor(() => slow.lines.length === total, `${total} messages`, 30_000);
    expect(h.stats().paused).toBeGreaterThan(0);
    expect(h.stats().dropped).toBe(0);
    for (const k of [0, 1, 2]) {
      const mine = slow.lines.filter((l) => l.text.includes(` s${k} `)).map((l) => Number(l.text.split(' ').at(-1)));
      expect(mine).toEqual(Array.from({ length: total / 3 }, (_, i) => i));
    }
  });

  it('UDP overload: memory stays bounded and every lost datagram is counted', async () => {
    const slow = fakeContext();
    const emit = slow.emit.bind(slow);
    slow.emit = (lines) => {
      const until = Date.now() + 20;
      while (Date.now() < until); // a pipeline far slower than the sender
      emit(lines);
    };
    const { h, port } = await receiver({ listen: ['udp://127.0.0.1:0'], queueLines: 100, udpReceiveBufferBytes: 0 }, slow);
    const udp = createSocket('udp4');
    const sent = 20_000;
    const payload = `<38>1 - h app - - - ${'x'.repeat(200)}`;
    for (let i = 0; i < sent; i += 500) {
      await Promise.all(Array.from({ length: 500 }, () => new Promise<void>((r) => udp.send(payload, port('udp'), '127.0.0.1', () => r()))));
    }
    udp.close();
    let st = await h.refreshStats();
    for (let i = 0; i < 100 && st.received + st.dropped + st.kernelDropped < sent; i++) {
      await sleep(100);
      st = await h.refreshStats();
    }
    expect(st.dropped + st.kernelDropped).toBeGreaterThan(0);
    expect(st.received + st.dropped + st.kernelDropped).toBe(sent);
    expect(slow.lines.length).toBe(st.received);
  });

  it('hands on what it received when closed', async () => {
    const { h, ctx, port } = await receiver({ listen: ['udp://127.0.0.1:0'] });
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.send('<38>last words', port('udp'), '127.0.0.1', () => r()));
    udp.close();
    await sleep(50);
    await h.close();
    expect(ctx.texts()).toEqual(['<38>last words']);
  });
});
