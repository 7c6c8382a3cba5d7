// The real CLI, end to end: help, version, exit codes, replay and parse on the bundled sample log.
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliPath, ndjson, repoRoot, runCli } from '../helpers/run-cli.js';

const sample = join(repoRoot, 'data', 'sample-auth.log');
const tmp = () => mkdtempSync(join(tmpdir(), 'tw-cli-'));

interface AlertLine {
  id: string;
  rule: string;
  severity: string;
  ip: string;
  count: number;
  users: string[];
  flags: string[];
  intel: { entry: string }[];
  evidence: { file: string; line: number; text: string }[];
  firstSeen: string;
  lastSeen: string;
  status: string;
  summary: string;
}

describe('threatwatch-tui CLI', () => {
  it('prints its version and help', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = await runCli(['--help']);
    expect(h.code).toBe(0);
    for (const cmd of ['replay', 'parse', 'simulate']) expect(h.stdout).toContain(cmd);
    for (const cmd of ['replay', 'parse', 'simulate']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`threatwatch-tui ${cmd}`);
    }
  });

  it('help piped into a reader that has gone (`--help | head -1`, `--help | true`) ends quietly, exit 0', () => {
    for (const reader of ['head -1', 'true']) {
      // `true` exits before node has started: every write meets a closed pipe (EPIPE)
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" --help | ${reader}; exit "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(reader === 'true' ? '' : 'Usage: threatwatch-tui [options] [command]\n');
    }
  });

  it("the console's help tells of --mouse (off by default) and --no-mouse; watch, which draws nothing, has neither", async () => {
    const h = await runCli(['console', '--help']);
    expect(h.code).toBe(0);
    const text = h.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/--mouse mouse on: click a row to select it, the wheel scrolls or moves the selection \(off by default; also console\.mouse in the config file/);
    expect(text).toContain('--no-mouse mouse off, whatever the config file says');
    expect((await runCli(['watch', '--help'])).stdout).not.toContain('mouse');
  });

  it('rejects unknown options with exit code 2 and a message', async () => {
    const r = await runCli(['replay', '--bogus', sample]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    const s = await runCli(['replay', '--speed', 'fast', sample]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--speed/);
  });

  it('exits 2 with a clear error for a missing file, before printing anything', async () => {
    const r = await runCli(['replay', '/nonexistent/auth.log']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('/nonexistent/auth.log: no such file');
    const p = await runCli(['parse', '/nonexistent/auth.log']);
    expect(p.code).toBe(2);
  });

  const asRoot = process.getuid?.() === 0;
  if (asRoot) console.warn('skipping "exits 2 for an unreadable file": running as root, which can read any file');
  it.skipIf(asRoot)('exits 2 for an unreadable file', async () => {
    const d = tmp();
    const f = join(d, 'secret.log');
    writeFileSync(f, 'x\n');
    chmodSync(f, 0o000);
    const r = await runCli(['replay', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('permission denied');
  });

  it('replays the sample log into NDJSON alerts with a summary on stderr', async () => {
    const r = await runCli(['replay', '--format', 'ndjson', sample]);
    expect(r.code).toBe(0);
    const alerts = ndjson<AlertLine>(r.stdout);
    const bf = alerts.find((a) => a.ip === '203.0.113.45');
    expect(bf).toBeDefined();
    expect(bf!.rule).toBe('BRUTE_FORCE');
    expect(bf!.severity).toBe('HIGH');
    expect(bf!.count).toBe(9);
    expect(bf!.users).toEqual(expect.arrayContaining(['admin', 'oracle', 'test user']));
    expect(bf!.evidence.length).toBeGreaterThan(0);
    expect(bf!.evidence.length).toBeLessThanOrEqual(20);
    expect(bf!.evidence[0]!.file).toBe(sample);
    expect(bf!.status).toBe('new');
    // the intel-listed attacker escalates to CRITICAL
    const known = alerts.find((a) => a.ip === '203.0.113.200');
    expect(known?.severity).toBe('CRITICAL');
    expect(known?.flags).toContain('KNOWN_THREAT');
    expect(known?.count).toBe(6);
    // 5 attempts is not enough; the injected address is never a source
    expect(alerts.find((a) => a.ip === '2001:db8::45')).toBeUndefined();
    expect(r.stdout).not.toContain('10.0.0.1');
    expect(alerts).toHaveLength(2);
    expect(r.stderr).toMatch(/replay: 60 lines, \d+ events, 2 alerts/);
    expect(r.stderr).toMatch(/lines\/s/);
  });

  it('gives the same alerts for a gzipped copy and for stdin', async () => {
    const d = tmp();
    const gz = join(d, 'auth.log.2.gz');
    writeFileSync(gz, gzipSync(readFileSync(sample)));
    const plain = ndjson<AlertLine>((await runCli(['replay', sample])).stdout);
    const zipped = ndjson<AlertLine>((await runCli(['replay', gz])).stdout);
    const piped = ndjson<AlertLine>((await runCli(['replay', '-'], { input: readFileSync(sample) })).stdout);
    const key = (a: AlertLine) => `${a.id} ${a.count} ${a.severity}`;
    expect(zipped.map(key)).toEqual(plain.map(key));
    expect(piped.map(key)).toEqual(plain.map(key));
  });

  it('merges several files in time order', async () => {
    const d = tmp();
    const lines = readFileSync(sample, 'utf8').trimEnd().split('\n');
    // split the sample where logrotate would, between two connections (each file has its own
    // parser, so an sshd connection stays in one file), and name the files out of order
    const pid = (l: string) => /\[(\d+)\]:/.exec(l)?.[1];
    let cut = Math.floor(lines.length / 2);
    while (cut < lines.length && pid(lines[cut]!) === pid(lines[cut - 1]!)) cut++;
    expect(cut).toBeLessThan(lines.length);
    writeFileSync(join(d, 'a.log'), lines.slice(0, cut).join('\n') + '\n');
    writeFileSync(join(d, 'b.log'), lines.slice(cut).join('\n') + '\n');
    const merged = ndjson<AlertLine>((await runCli(['replay', join(d, 'b.log'), join(d, 'a.log')])).stdout);
    const whole = ndjson<AlertLine>((await runCli(['replay', sample])).stdout);
    expect(merged.map((a) => [a.ip, a.count, a.firstSeen])).toEqual(whole.map((a) => [a.ip, a.count, a.firstSeen]));
  });

  it('prints sanitized text alerts with --format text', async () => {
    const d = tmp();
    const f = join(d, 'hostile.log');
    const lines = [];
    for (let i = 0; i < 7; i++) lines.push(`2024-05-01T09:14:0${i}.000000+00:00 bastion-01 sshd[9${i}]: Failed password for invalid user evil\u001b[2J\u0007${i} from 203.0.113.9 port 4000${i} ssh2`);
    writeFileSync(f, lines.join('\n') + '\n');
    const r = await runCli(['replay', '--format', 'text', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('BRUTE_FORCE');
    expect(r.stdout).toContain('203.0.113.9');
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('saves alerts to the store only with --save', async () => {
    const d = tmp();
    await runCli(['replay', '--data-dir', d, sample]);
    expect(existsSync(join(d, 'alerts.json'))).toBe(false);
    const r = await runCli(['replay', '--save', '--data-dir', d, sample]);
    expect(r.code).toBe(0);
    const store = JSON.parse(readFileSync(join(d, 'alerts.json'), 'utf8'));
    expect(store.alerts.map((a: AlertLine) => a.ip).sort()).toEqual(['203.0.113.200', '203.0.113.45']);
    expect(readdirSync(d).filter((n) => n.includes('corrupt'))).toEqual([]);
  });

  it('parse prints normalized events and counts per type', async () => {
    const r = await runCli(['parse', sample]);
    expect(r.code).toBe(0);
    const events = ndjson<Record<string, unknown>>(r.stdout);
    const injected = events.find((e) => e.line === 55);
    expect(injected).toMatchObject({ type: 'auth_failure', ip: '192.0.2.9', port: 58946, file: sample });
    expect(events.some((e) => e.ip === '10.0.0.1')).toBe(false);
    const repeated = events.find((e) => e.count === 5);
    expect(repeated).toMatchObject({ type: 'auth_failure', ip: '203.0.113.200', user: 'root' });
    for (const e of events) {
      expect(Object.keys(e)).toEqual(expect.arrayContaining(['time', 'host', 'program', 'type', 'ip', 'user', 'port', 'count', 'file', 'line']));
      expect(typeof e.time === 'string' && !Number.isNaN(Date.parse(e.time as string))).toBe(true);
    }
    expect(r.stderr).toMatch(/parse: 60 lines read, \d+ events \(auth_failure \d+/);
  });

  it('parse --unmatched prints every line that gave nothing, marked with why, and counts each kind', async () => {
    const d = tmp();
    const f = join(d, 'odd.log');
    writeFileSync(
      f,
      'May  1 09:14:04 h sshd[1]: Something entirely new from 203.0.113.1\nMay  1 09:14:05 h CRON[2]: (root) CMD (true)\n' +
        'no envelope at all\nMay  1 09:14:06 h sshd[3]: Server listening on 0.0.0.0 port 22.\n',
    );
    const r = await runCli(['parse', '--unmatched', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${f}:1: [no template] May  1 09:14:04 h sshd[1]: Something entirely new`);
    expect(r.stdout).toContain(`${f}:2: [other program] May  1 09:14:05 h CRON[2]: (root) CMD (true)`);
    expect(r.stdout).toContain(`${f}:3: [no envelope] no envelope at all`);
    expect(r.stdout).not.toContain('Server listening');
    expect(r.stderr).toMatch(/1 lines matched no template: sshd 1/);
    expect(r.stderr).toMatch(/1 known non-security lines, 1 lines of other programs/);
    expect(r.stderr).toMatch(/1 lines with no recognised envelope/);
  });

  it('explain says how each line is read, in order (an invalid user\'s first failure is the same attempt), from arguments or stdin', async () => {
    const r = await runCli([
      'explain',
      'May  1 09:14:04 h sshd[7]: Invalid user admin from 203.0.113.9 port 4000',
      'May  1 09:14:05 h sshd[7]: Failed password for invalid user admin from 203.0.113.9 port 4000 ssh2',
      'Mar  9 11:22:36 bsd-gw <auth.info> sshd[905]: Failed password for root from 192.0.2.77 port 61001 ssh2',
      'garbage \u001b[31m',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('template  sshd.invalid-user');
    expect(r.stdout).toMatch(/line 2:[\s\S]*attempts  0 \(BRUTE_FORCE counts nothing/);
    expect(r.stdout).toContain('envelope  freebsd-v (time Mar  9 11:22:36, host bsd-gw, tag sshd, pid 905)');
    expect(r.stdout).toContain('envelope  none: no syslog header');
    expect(r.stdout).not.toContain('\u001b');
    const j = await runCli(['explain', '--json', 'May  1 09:14:04 h sshd[7]: Invalid user admin from 203.0.113.9 port 4000']);
    expect(JSON.parse(j.stdout)).toMatchObject({ envelope: 'rfc3164', program: 'sshd', template: 'sshd.invalid-user', attempts: 1, events: [{ ip: '203.0.113.9', attempts: 1 }] });
    expect((await runCli(['explain'])).code).toBe(2);
    // `-` reads lines from stdin; the journal's text form on request.
    const stdin = await runCli(['explain', '--json', '--journal-text', '-'], {
      input: 'srv sshd[9]: Invalid user a from 203.0.113.9 port 1\nsrv sshd[9]: Disconnecting: Too many authentication failures [preauth]\n',
    });
    const lines = ndjson<Record<string, unknown>>(stdin.stdout);
    expect(lines.map((x) => [x['envelope'], x['template']])).toEqual([['journal-text', 'sshd.invalid-user'], ['journal-text', 'sshd.disconnecting']]);
    expect(lines[1]).toMatchObject({ events: [{ ip: '203.0.113.9', flags: ['preauth', 'peer'], attempts: 0 }] });
  });

  it('reads thresholds from a config file and rejects a bad one naming the key', async () => {
    const d = tmp();
    const bad = join(d, 'bad.json');
    writeFileSync(bad, JSON.stringify({ bruteForce: { threshold: 'five' } }));
    const r = await runCli(['replay', '--config', bad, sample]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bruteForce.threshold');
    expect(r.stdout).toBe('');
    const unknown = join(d, 'unknown.yaml');
    writeFileSync(unknown, 'bruteforce:\n  threshold: 3\n');
    const u = await runCli(['replay', '--config', unknown, sample]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('bruteforce');
    const strict = join(d, 'strict.yaml');
    writeFileSync(strict, 'bruteForce:\n  threshold: 9\n  windowSeconds: 60\n');
    const ok = await runCli(['replay', '--config', strict, sample]);
    expect(ok.code).toBe(0);
    // threshold 9: the sample's bursts (9 and 6 attempts) no longer fire
    expect(ndjson<AlertLine>(ok.stdout)).toEqual([]);
  });

  it('escalates an IP listed in an extra --intel feed and reports bad rows with file:line', async () => {
    const d = tmp();
    const feed = join(d, 'drop.txt');
    writeFileSync(feed, '; Spamhaus-style list\n203.0.113.0/28 ; SBL1\nnot-an-ip\n');
    const r = await runCli(['replay', '--intel', feed, sample]);
    expect(r.code).toBe(0);
    const a = ndjson<AlertLine>(r.stdout).find((x) => x.ip === '203.0.113.45')!;
    expect(a.severity).toBe('HIGH'); // .45 is outside 203.0.113.0/28
    const wide = join(d, 'wide.csv');
    writeFileSync(wide, 'ip,reason,source\n203.0.113.0/24,test range,unit\n');
    const w = await runCli(['replay', '--intel', wide, sample]);
    const b = ndjson<AlertLine>(w.stdout).find((x) => x.ip === '203.0.113.45')!;
    expect(b.severity).toBe('CRITICAL');
    expect(b.flags).toContain('KNOWN_THREAT');
    expect(b.intel).toEqual([expect.objectContaining({ entry: '203.0.113.0/24', reason: 'test range', source: 'unit' })]);
    expect(r.stderr).toContain(`${feed}:3`);
    const missing = await runCli(['replay', '--intel', join(d, 'nope.csv'), sample]);
    expect(missing.code).toBe(2);
  });

  it('paces events with --speed (never faster than N times real time)', async () => {
    const d = tmp();
    const f = join(d, 'slow.log');
    writeFileSync(f, '2024-05-01T09:14:00.000000+00:00 h sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n2024-05-01T09:14:02.000000+00:00 h sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n');
    const t0 = Date.now();
    const r = await runCli(['replay', '--speed', '4', f]);
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450); // 2 s of event time at 4x = 0.5 s
  });

  it('refuses to draw the console when stdout is not a terminal', async () => {
    const r = await runCli([sample]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('threatwatch-tui replay');
  });
});
