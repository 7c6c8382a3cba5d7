// `watch` end to end, as a service would run it: the real CLI on a tailed file, NDJSON alerts on
// stdout, SIGTERM → exit 0 with the store flushed; a kill -9 mid-incident and a restart that keeps
// one alert with replay's id and count; one writer per data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, ndjson, repoRoot, runCli } from '../helpers/run-cli.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'tw-watch-'));

/** `n` failed logins from `ip`, one per second from second `from`, RFC 3339 stamped. */
function attempts(ip: string, from: number, n: number, user = 'root'): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    const t = new Date(T0 + (from + i) * 1000).toISOString().replace('Z', '+00:00');
    out += `${t} web-01 sshd[${4000 + from + i}]: Failed password for ${user} from ${ip} port ${50000 + from + i} ssh2\n`;
  }
  return out;
}

interface Watcher {
  child: ChildProcess;
  lines: () => Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function startWatch(args: string[]): Watcher {
  const child = spawn(process.execPath, [cliPath, 'watch', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, lines: () => ndjson(out.slice(0, out.lastIndexOf('\n') + 1)), stderr: () => err, exited };
}

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function storeOf(dataDir: string): { alerts: { id: string; ip: string; count: number; status: string }[] } {
  return JSON.parse(readFileSync(join(dataDir, 'alerts.json'), 'utf8'));
}

describe('watch', () => {
  it('follows a file, prints NDJSON alerts as they are raised and closed, and flushes on SIGTERM (exit 0)', async () => {
    const dir = tmp();
    const log = join(dir, 'auth.log');
    const data = join(dir, 'data');
    writeFileSync(log, '');
    // --from-start: lines appended while the source is still opening the file are read too
    const w = startWatch([log, '--from-start', '--data-dir', data]);
    await until(() => w.stderr().includes('as NDJSON'), 'watch to start');
    appendFileSync(log, attempts('203.0.113.45', 0, 7));
    await until(() => w.lines().some((l) => l.change === 'raised'), 'a raised alert');
    const raised = w.lines().find((l) => l.change === 'raised')!;
    expect(raised).toMatchObject({ rule: 'BRUTE_FORCE', ip: '203.0.113.45', subject: { kind: 'ip', value: '203.0.113.45' } });
    // event time moves past the window: the incident closes
    appendFileSync(log, attempts('198.51.100.9', 200, 1));
    await until(() => w.lines().some((l) => l.change === 'closed'), 'the closed alert');
    expect(w.lines().find((l) => l.change === 'closed')).toMatchObject({ ip: '203.0.113.45', count: 7 });
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    const stored = storeOf(data).alerts;
    expect(stored.map((a) => [a.ip, a.count])).toEqual([['203.0.113.45', 7]]);
    expect((statSync(join(data, 'alerts.json')).mode & 0o777).toString(8)).toBe('600');
    expect((statSync(data).mode & 0o777).toString(8)).toBe('700');
  }, 30_000);

  it('--emit events prints every parsed event with the fields of parse', async () => {
    const dir = tmp();
    const log = join(dir, 'auth.log');
    writeFileSync(log, attempts('203.0.113.7', 0, 2));
    const w = startWatch([log, '--from-start', '--emit', 'events', '--data-dir', join(dir, 'data')]);
    await until(() => w.lines().length >= 2, 'two events');
    expect(w.lines()[0]).toMatchObject({ type: 'auth_failure', ip: '203.0.113.7', user: 'root', line: 1 });
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  }, 30_000);

  it.each([
    ['an open incident', 6, 4],
    ['attempts still below the threshold', 3, 3],
  ])('a kill -9 mid-attack (%s) and a restart give one alert with the id and count replay gives', async (_what, before, after) => {
    const dir = tmp();
    const log = join(dir, 'auth.log');
    const data = join(dir, 'data');
    writeFileSync(log, attempts('192.0.2.150', 0, 1, 'admin') + attempts('203.0.113.45', 1, before));
    const first = startWatch([log, '--from-start', '--data-dir', data]);
    await until(() => first.stderr().includes('as NDJSON'), 'watch to start');
    // let one checkpoint write happen (every ~500 ms), then die without any chance to flush
    await new Promise((r) => setTimeout(r, 1500));
    first.child.kill('SIGKILL');
    await first.exited;
    appendFileSync(log, attempts('203.0.113.45', 1 + before, after));
    const second = startWatch([log, '--data-dir', data]);
    await until(() => second.stderr().includes('as NDJSON'), 'watch to restart');
    await new Promise((r) => setTimeout(r, 1500));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const replay = await runCli(['replay', '--format', 'ndjson', log]);
    const expected = ndjson<{ id: string; ip: string; count: number }>(replay.stdout).filter((a) => a.ip === '203.0.113.45');
    expect(expected).toHaveLength(1);
    const stored = storeOf(data).alerts.filter((a) => a.ip === '203.0.113.45');
    expect(stored.map((a) => [a.id, a.count])).toEqual([[expected[0]!.id, expected[0]!.count]]);
  }, 60_000);

  it('one writer per data directory: a second watch names the holder and exits 2; --readonly opens it', async () => {
    const dir = tmp();
    const log = join(dir, 'auth.log');
    const data = join(dir, 'data');
    writeFileSync(log, '');
    const first = startWatch([log, '--data-dir', data]);
    await until(() => first.stderr().includes('as NDJSON'), 'watch to start');
    const second = await runCli(['watch', log, '--data-dir', data]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(String(first.child.pid));
    const viewer = startWatch([log, '--data-dir', data, '--readonly']);
    await until(() => viewer.stderr().includes('read-only'), 'the read-only watch');
    viewer.child.kill('SIGTERM');
    expect(await viewer.exited).toBe(0);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  }, 40_000);

  it('replay --save never changes the triage of an alert the console already has', async () => {
    const dir = tmp();
    const log = join(dir, 'auth.log');
    const data = join(dir, 'data');
    writeFileSync(log, attempts('203.0.113.45', 0, 8));
    const first = await runCli(['replay', '--save', '--data-dir', data, log]);
    expect(first.code).toBe(0);
    const file = join(data, 'alerts.json');
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    stored.alerts[0].status = 'acknowledged';
    stored.alerts[0].history.push({ status: 'acknowledged', at: '2026-03-02T11:00:00.000Z' });
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
    appendFileSync(log, attempts('203.0.113.45', 8, 2) + attempts('198.51.100.3', 100, 6));
    const again = await runCli(['replay', '--save', '--data-dir', data, log]);
    expect(again.code).toBe(0);
    const after = storeOf(data).alerts;
    const a = after.find((x) => x.ip === '203.0.113.45')!;
    expect(a.status).toBe('acknowledged');
    expect(a.count).toBe(10);
    expect(after.some((x) => x.ip === '198.51.100.3')).toBe(true);
  }, 30_000);

  it('the demo never touches the default data directory', async () => {
    const home = tmp();
    const w = spawn(process.execPath, [cliPath, 'watch', '--demo'], { cwd: repoRoot, env: { ...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state') }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.push(w);
    let err = '';
    w.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    await until(() => err.includes('as NDJSON'), 'the demo to start');
    await new Promise((r) => setTimeout(r, 1200));
    w.kill('SIGTERM');
    await new Promise((r) => w.on('close', r));
    expect(err).toContain('demo data directory');
    let exists = true;
    try {
      statSync(join(home, 'state', 'threatwatch'));
    } catch {
      exists = false;
    }
    expect(exists).toBe(false);
  }, 30_000);
});
