// npm run bench:adversarial: hostile input against the built CLI, one summary line per scenario.
//  1. long-line flood: 90,000 PAM failure lines of ~60 KB, each from its own address, piped into
//     `replay -`: peak RSS (VmHWM of the replay process), and the brute-force rule's pending state
//     against its byte budget (the same lines through the engine in this process);
//  2. one-shot flood with hidden attackers: 12,000 new IPv6 sources a second for 60 s of event time
//     (720,000 lines) through `replay -`, plus 198.51.100.7 failing 6 times in 50 s (two tries on its
//     first connection, then one every 13 s) and 198.51.100.8 failing once every 10 s: found yes/no,
//     peak RSS. The second one is the limit of any bounded LRU: each of its attempts comes after more
//     new sources (120,000) than the 100,000 tracked, while it holds one attempt;
//  3. rotation under load: `watch FILE --emit events --data-dir TMP` while this process appends
//     RATE lines/s and rotates three times per mode, writing on to the old file for 300 ms before it
//     reopens the path (as rsyslog does until logrotate's HUP): lines lost and read twice per mode.
//     copytruncate is shown for reference: it has an inherent window (lines written between the copy
//     and the truncation are in neither file).
// Usage: node bench/adversarial-bench.mjs [--only long,flood,rotation] [--cli PATH] [--rate 2500]
//          [--long-lines 90000] [--grace-ms N]
//   --cli runs another build (e.g. one made before a change) for a before/after comparison;
//   --grace-ms 0 turns the file source's rotation drain off, to see that the scenario does catch losses.
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args[i + 1];
};
const cli = resolve(opt('cli', join(root, 'dist', 'cli.js')));
const only = new Set(opt('only', 'long,flood,rotation').split(','));
const RATE = Number(opt('rate', '2500'));
/** Rotation grace period passed to the file source (ms); default: the source's own (5 s). 0 shows what a tailer without it loses. */
const GRACE_MS = opt('grace-ms', null);
const distRoot = dirname(cli);
if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);

const T0 = Date.UTC(2024, 4, 1, 9, 0, 0);
const stamp = (ms) => new Date(ms).toISOString().replace('Z', '000+00:00');
const mb = (bytes) => (bytes / (1024 * 1024)).toFixed(0);
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/** Peak RSS (VmHWM) of a process in MB, read from /proc while it runs; 0 when unreadable. */
function vmHwmMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `cli replay --max -` with `feed(write)` writing its stdin (write returns a promise that
 * honours back-pressure). Resolves with exit code, signal, stdout, stderr and peak RSS.
 */
function replayStdin(feed) {
  const child = spawn(process.execPath, [cli, 'replay', '--max', '--no-progress', '--format', 'ndjson', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, vmHwmMb(child.pid))), 100);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  let broken = false;
  child.stdin.on('error', () => (broken = true));
  const write = (chunk) => {
    if (broken) return Promise.resolve(false);
    if (child.stdin.write(chunk)) return Promise.resolve(true);
    return new Promise((r) => {
      const done = () => {
        child.stdin.off('drain', done);
        child.off('exit', done);
        r(!broken);
      };
      child.stdin.once('drain', done);
      child.once('exit', done);
    });
  };
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return (async () => {
    const started = performance.now();
    await feed(write, () => broken);
    if (!broken) child.stdin.end();
    const { code, signal } = await exited;
    clearInterval(poll);
    const reported = /peak RSS (\d+) MB/.exec(stderr);
    peak = Math.max(peak, reported ? Number(reported[1]) : 0);
    return { code, signal, stdout, stderr, peak, secs: (performance.now() - started) / 1000 };
  })();
}

const exitText = (r) => (r.code === 0 ? 'completed' : `ABORTED (${r.signal ?? `exit ${r.code}`}${/heap out of memory/.test(r.stderr) ? ', heap out of memory' : ''})`);

// ── 1. long-line flood ──────────────────────────────────────────────────────────────────────
const LONG_LINES = Number(opt('long-lines', '90000'));
const PAD = Buffer.alloc(60_000, 'x');
const longHeader = (i) =>
  `${stamp(T0 + i / 2)} ftp-01 vsftpd[${1000 + (i % 30000)}]: pam_unix(vsftpd:auth): authentication failure; logname= uid=0 euid=0 tty=ftp ruser= rhost=10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} user=probe-${i}-`;

async function longLineFlood() {
  const r = await replayStdin(async (write) => {
    for (let i = 0; i < LONG_LINES; i++) {
      await write(longHeader(i));
      if (!(await write(PAD))) return;
      if (!(await write('\n'))) return;
    }
  });
  let pending = 'pending state: not measured (this build has no byte budget)';
  const engineUrl = pathToFileURL(join(distRoot, 'engine', 'engine.js')).href;
  const rule = await import(pathToFileURL(join(distRoot, 'engine', 'rules', 'brute-force.js')).href).then((m) => m.createBruteForce());
  if (r.code === 0 && typeof rule.trackedBytes === 'number') {
    // The same lines through the engine here, to read the rule's pending state against its budget.
    const { createEngine } = await import(engineUrl);
    const { createLineParser } = await import(pathToFileURL(join(distRoot, 'engine', 'parsers', 'index.js')).href);
    const engine = createEngine({ parse: createLineParser({ now: T0, timeZone: 'UTC' }), rules: [rule] });
    const pad = PAD.toString('latin1');
    let peakBytes = 0;
    for (let i = 0; i < LONG_LINES; i += 500) {
      const batch = [];
      for (let k = i; k < Math.min(LONG_LINES, i + 500); k++) batch.push({ text: longHeader(k) + pad, file: 'flood', line: k + 1 });
      engine.ingest(batch);
      peakBytes = Math.max(peakBytes, rule.trackedBytes);
    }
    pending = `pending state: peak ${mb(peakBytes)} MiB of a 64 MiB budget, ${rule.trackedKeys.toLocaleString('en-US')} IPs tracked at the end`;
  }
  console.log(`long-line flood: ${LONG_LINES.toLocaleString('en-US')} lines of 60 KB from distinct addresses: ${exitText(r)}, peak RSS ${r.peak} MB, ${r.secs.toFixed(0)} s; ${pending}`);
}

// ── 2. one-shot flood with hidden attackers ─────────────────────────────────────────────────
const FLOOD_SECONDS = 60;
const FLOOD_PER_SECOND = 12_000;
/** Attacker → the event times (s) of its failures. */
const ATTACKERS = {
  '198.51.100.7': [5, 6.5, 19.5, 32.5, 45.5, 55],
  '198.51.100.8': [5, 15, 25, 35, 45, 55],
};

async function oneShotFlood() {
  const tries = [];
  for (const [ip, times] of Object.entries(ATTACKERS)) {
    times.forEach((t, k) => tries.push({ ms: t * 1000, line: (ms) => `${stamp(ms)} bastion-01 sshd[${k < 2 && ip.endsWith('.7') ? 7000 : 7000 + k}]: Failed password for root from ${ip} port ${41000 + k} ssh2\n` }));
  }
  tries.sort((a, b) => a.ms - b.ms);
  const r = await replayStdin(async (write) => {
    let next = 0;
    let pid = 10_000;
    for (let s = 0; s < FLOOD_SECONDS; s++) {
      let chunk = '';
      for (let i = 0; i < FLOOD_PER_SECOND; i++) {
        const ms = s * 1000 + Math.floor((i * 1000) / FLOOD_PER_SECOND);
        for (; next < tries.length && tries[next].ms <= ms; next++) chunk += tries[next].line(T0 + tries[next].ms);
        const n = s * FLOOD_PER_SECOND + i;
        chunk += `${stamp(T0 + ms)} bastion-01 sshd[${pid++ % 4_000_000}]: Failed password for invalid user admin from 2001:db8:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}::1 port ${20000 + (n % 40000)} ssh2\n`;
        if (chunk.length > 1 << 16) {
          if (!(await write(chunk))) return;
          chunk = '';
        }
      }
      if (!(await write(chunk))) return;
    }
    for (; next < tries.length; next++) await write(tries[next].line(T0 + tries[next].ms));
  });
  const found = (ip) => r.stdout.split('\n').some((l) => l.includes(`"ip":"${ip}"`) && l.includes('BRUTE_FORCE'));
  const [a, b] = Object.keys(ATTACKERS);
  console.log(
    `one-shot flood: ${(FLOOD_SECONDS * FLOOD_PER_SECOND).toLocaleString('en-US')} lines from 12,000 new IPv6 sources/s: ${exitText(r)}, peak RSS ${r.peak} MB, ${r.secs.toFixed(0)} s; ` +
      `attacker ${a} (6 in 50 s, two tries on its first connection) found: ${found(a) ? 'yes' : 'NO'}; ` +
      `${b} (one try every 10 s, beyond the ~8 s a one-shot source is kept at this rate) found: ${found(b) ? 'yes' : 'no'}`,
  );
}

// ── 3. rotation under load ──────────────────────────────────────────────────────────────────
const ROTATIONS = 3;
const ROTATE_EVERY_MS = 1500;
const REOPEN_AFTER_MS = 300;

async function rotation(mode) {
  const dir = mkdtempSync(join(tmpdir(), 'tw-adv-rot-'));
  const file = join(dir, 'auth.log');
  writeFileSync(file, '');
  const config = [];
  if (GRACE_MS !== null) {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ sources: { file: { rotationGraceMs: Number(GRACE_MS) } } }));
    config.push('--config', join(dir, 'config.json'));
  }
  const child = spawn(process.execPath, [cli, 'watch', file, '--emit', 'events', '--data-dir', join(dir, 'data'), '--from-start', ...config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = new Map();
  let buf = '';
  let lastEventAt = performance.now();
  child.stdout.setEncoding('utf8').on('data', (d) => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) !== -1) {
      const m = /"user":"u(\d+)"/.exec(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      if (m) seen.set(Number(m[1]), (seen.get(Number(m[1])) ?? 0) + 1);
      lastEventAt = performance.now();
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 15_000;
  while (!/→ events as NDJSON/.test(stderr)) {
    if (Date.now() > deadline) throw new Error(`watch did not start:\n${stderr}`);
    await pause(20);
  }

  // The writer: RATE lines/s in 10 ms ticks, rotating every ROTATE_EVERY_MS.
  let fd = openSync(file, 'a');
  let written = 0;
  const started = performance.now();
  const writeDue = () => {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE);
    let s = '';
    while (written < due) {
      written++;
      s += `${stamp(Date.now())} web-01 sshd[${10_000 + (written % 50_000)}]: Failed password for u${written} from 192.0.2.${written % 250} port ${30000 + (written % 30000)} ssh2\n`;
    }
    if (s) writeSync(fd, s);
  };
  for (let k = 1; k <= ROTATIONS; k++) {
    const until = performance.now() + ROTATE_EVERY_MS;
    while (performance.now() < until) {
      writeDue();
      await pause(10);
    }
    if (mode === 'rename') renameSync(file, `${file}.${k}`);
    else if (mode === 'delete') unlinkSync(file);
    else copyFileSync(file, `${file}.${k}`);
    if (mode === 'copytruncate') {
      truncateSync(file, 0);
      continue; // the writer keeps its O_APPEND descriptor
    }
    const reopen = performance.now() + REOPEN_AFTER_MS;
    while (performance.now() < reopen) {
      writeDue(); // still into the old file, as a writer waiting for its HUP
      await pause(10);
    }
    closeSync(fd);
    fd = openSync(file, 'a');
  }
  const until = performance.now() + ROTATE_EVERY_MS;
  while (performance.now() < until) {
    writeDue();
    await pause(10);
  }
  closeSync(fd);
  const secs = (performance.now() - started) / 1000;
  // Wait for the reader to catch up (the old files drain for up to their 5 s grace period).
  while (seen.size < written && performance.now() - lastEventAt < 8000) await pause(50);
  child.kill('SIGTERM');
  await exited;
  rmSync(dir, { recursive: true, force: true });
  let lost = 0;
  let twice = 0;
  for (let n = 1; n <= written; n++) {
    const c = seen.get(n) ?? 0;
    if (c === 0) lost++;
    else if (c > 1) twice++;
  }
  return { mode, written, lost, twice, rate: written / secs };
}

async function rotationUnderLoad() {
  const parts = [];
  for (const mode of ['rename', 'delete', 'copytruncate']) {
    const r = await rotation(mode);
    parts.push(`${mode}${mode === 'copytruncate' ? ' (reference, inherent window)' : ''} ${r.lost} lost / ${r.twice} twice of ${r.written.toLocaleString('en-US')}`);
    process.stderr.write(`bench: rotation ${mode}: ${r.written} lines at ${Math.round(r.rate)} lines/s, ${r.lost} lost, ${r.twice} read twice\n`);
  }
  console.log(`rotation under load: watch --emit events, ${RATE.toLocaleString('en-US')} lines/s, ${ROTATIONS} rotations per mode, writer reopening ${REOPEN_AFTER_MS} ms late: ${parts.join('; ')}`);
}

console.log(`bench:adversarial (${cli}, node ${process.version})`);
if (only.has('long')) await longLineFlood();
if (only.has('flood')) await oneShotFlood();
if (only.has('rotation')) await rotationUnderLoad();
