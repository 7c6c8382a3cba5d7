// Load for the UI benchmark: appends live RFC 3339 auth-log lines to a file at a fixed rate, in
// batches every few ms, stamped with the current time. The mix is what an exposed SSH server sees:
// one-off scanners from a wide IP space (Invalid user / Failed password / Connection closed), a
// rotating set of brute-forcers hammering root (pam_unix + Failed password), so BRUTE_FORCE alerts
// keep appearing, and a little normal traffic (Accepted, CRON).
// Usage: node bench/ui-writer.mjs LOG RATE_PER_S DURATION_MS [BATCH_MS]
// Prints one JSON line at the end: { lines, bytes, batches, elapsedMs, maxLagMs }.
import { closeSync, openSync, writeSync } from 'node:fs';

const [log, rateArg, durationArg, batchArg] = process.argv.slice(2);
if (!log) {
  process.stderr.write('usage: node bench/ui-writer.mjs LOG RATE_PER_S DURATION_MS [BATCH_MS]\n');
  process.exit(2);
}
const rate = Number(rateArg ?? 20_000);
const durationMs = Number(durationArg ?? 30_000);
const batchMs = Number(batchArg ?? 50);

let seed = 0x2545f491;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const USERS = ['admin', 'test', 'oracle', 'ubuntu', 'postgres', 'git', 'user', 'guest', 'ftpuser', 'pi', 'support', 'mysql'];
const HOSTS = ['web-01', 'web-02', 'bastion-01'];
const randomIp = () => `${11 + Math.floor(rnd() * 180)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`;

// 20 brute-forcers at a time; one is replaced every 500 ms, so new alerts keep coming.
const attackers = Array.from({ length: 20 }, randomIp);
let nextRotation = Date.now() + 500;

/** RFC 3339 with microseconds, as rsyslog writes it. */
const stamp = (ms) => new Date(ms).toISOString().replace('Z', '000+00:00');

let pid = 30000;
function group(ts, out) {
  const host = pick(HOSTS);
  const p = (pid = pid >= 4_000_000 ? 30000 : pid + 1);
  const port = 1024 + Math.floor(rnd() * 64000);
  const head = `${ts} ${host} sshd[${p}]: `;
  const r = rnd();
  if (r < 0.55) {
    const ip = randomIp();
    const user = pick(USERS);
    out.push(`${head}Invalid user ${user} from ${ip} port ${port}`);
    out.push(`${head}Failed password for invalid user ${user} from ${ip} port ${port} ssh2`);
    out.push(`${head}Connection closed by invalid user ${user} ${ip} port ${port} [preauth]`);
  } else if (r < 0.97) {
    const ip = pick(attackers);
    out.push(`${head}pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=root`);
    out.push(`${head}Failed password for root from ${ip} port ${port} ssh2`);
  } else if (r < 0.985) {
    out.push(`${head}Accepted publickey for deploy from 192.0.2.${1 + Math.floor(rnd() * 50)} port ${port} ssh2: ED25519 SHA256:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8`);
  } else {
    out.push(`${ts} ${host} CRON[${p}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`);
  }
}

const fd = openSync(log, 'a');
const started = Date.now();
let lines = 0;
let bytes = 0;
let batches = 0;
let maxLagMs = 0;
let dueAt = started + batchMs;

function tick() {
  const now = Date.now();
  maxLagMs = Math.max(maxLagMs, now - dueAt);
  const elapsed = Math.min(now - started, durationMs);
  if (now >= nextRotation) {
    attackers[Math.floor(rnd() * attackers.length)] = randomIp();
    nextRotation += 500;
  }
  const target = Math.floor((rate * elapsed) / 1000);
  if (target > lines) {
    const out = [];
    const ts = stamp(now);
    while (lines + out.length < target) group(ts, out);
    const text = out.join('\n') + '\n';
    writeSync(fd, text);
    lines += out.length;
    bytes += Buffer.byteLength(text);
    batches++;
  }
  if (now - started >= durationMs) {
    closeSync(fd);
    process.stdout.write(JSON.stringify({ lines, bytes, batches, elapsedMs: Date.now() - started, maxLagMs }) + '\n');
    return;
  }
  dueAt += batchMs;
  setTimeout(tick, Math.max(0, dueAt - Date.now()));
}
setTimeout(tick, batchMs);
