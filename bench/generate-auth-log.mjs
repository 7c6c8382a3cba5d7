// Generates a realistic RFC 3164 auth log for the benchmark: mostly noise (cron, sudo, systemd,
// postfix, kernel), sshd traffic from ~20,000 distinct IPs (scattered probes, invalid-user sweeps,
// brute-force bursts with pam_unix corroboration and "message repeated" lines), and normal logins.
// Deterministic for a seed. Usage: node bench/generate-auth-log.mjs OUT [LINES] [SEED]
import { createWriteStream } from 'node:fs';

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const USERS = ['root', 'admin', 'test', 'oracle', 'ubuntu', 'postgres', 'git', 'user', 'guest', 'ftpuser', 'pi', 'support', 'deploy', 'mysql', 'nagios'];
const HOSTS = ['bastion-01', 'web-02', 'db-01'];

function stamp(ms) {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${day} ${hh}:${mm}:${ss}`;
}

export function generate(lines, seed, write) {
  const rnd = mulberry32(seed);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const ipPool = [];
  for (let i = 0; i < 20_000; i++) {
    const r = rnd();
    if (r < 0.08) ipPool.push(`2001:db8:${(i % 4096).toString(16)}::${(i * 7 % 65535).toString(16)}`);
    else ipPool.push(`${1 + Math.floor(rnd() * 222)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`);
  }
  let t = Date.UTC(new Date().getUTCFullYear(), 2, 3, 0, 0, 0); // Mar 3, this year
  let pid = 20000;
  let n = 0;
  let burst = null;
  const out = [];
  const emit = (host, tag, msg) => {
    out.push(`${stamp(t)} ${host} ${tag}: ${msg}\n`);
    n++;
    if (out.length >= 4096) write(out.splice(0).join(''));
  };
  while (n < lines) {
    t += Math.floor(rnd() * 400); // ~5 lines/s on average
    const host = pick(HOSTS);
    const r = rnd();
    if (burst && rnd() < 0.2) {
      const p = burst.pid;
      const user = burst.invalid ? pick(USERS) : 'root';
      if (burst.invalid && rnd() < 0.3) emit(host, `sshd[${p}]`, `Invalid user ${user} from ${burst.ip} port ${burst.port}`);
      if (rnd() < 0.15) emit(host, `sshd[${p}]`, `message repeated ${2 + Math.floor(rnd() * 3)} times: [ Failed password for ${burst.invalid ? 'invalid user ' : ''}${user} from ${burst.ip} port ${burst.port} ssh2]`);
      else emit(host, `sshd[${p}]`, `Failed password for ${burst.invalid ? 'invalid user ' : ''}${user} from ${burst.ip} port ${burst.port} ssh2`);
      if (!burst.invalid && rnd() < 0.4) emit(host, `sshd[${p}]`, `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${burst.ip}  user=root`);
      if (--burst.left <= 0) {
        emit(host, `sshd[${p}]`, `Connection closed by authenticating user ${user} ${burst.ip} port ${burst.port} [preauth]`);
        burst = null;
      }
      continue;
    }
    if (r < 0.22) {
      emit(host, `CRON[${++pid}]`, `pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`);
      emit(host, `CRON[${pid}]`, `pam_unix(cron:session): session closed for user root`);
    } else if (r < 0.30) {
      emit(host, `sudo`, `   deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`);
      emit(host, `sudo`, `pam_unix(sudo:session): session opened for user root(uid=0) by deploy(uid=1001)`);
    } else if (r < 0.40) {
      emit(host, `systemd-logind[612]`, `New session ${pid} of user deploy.`);
    } else if (r < 0.48) {
      emit(host, `systemd[1]`, `Started session-${pid}.scope - Session ${pid} of User deploy.`);
    } else if (r < 0.55) {
      emit(host, `postfix/smtpd[${++pid}]`, `connect from unknown[${pick(ipPool)}]`);
    } else if (r < 0.60) {
      const src = pick(ipPool);
      if (!src.includes(':')) emit(host, `kernel`, `[UFW BLOCK] IN=eth0 OUT= MAC=02:00:00:00:0a:01:02:00:00:00:0b:02:08:00 SRC=${src} DST=192.0.2.10 LEN=44 TOS=0x00 PREC=0x00 TTL=243 ID=54321 PROTO=TCP SPT=${1024 + Math.floor(rnd() * 60000)} DPT=${pick([22, 23, 80, 443, 3389, 8080])} WINDOW=1024 RES=0x00 SYN URGP=0 `);
    } else if (r < 0.63) {
      const p = ++pid;
      emit(host, `sshd[${p}]`, `Accepted publickey for deploy from 192.0.2.${10 + Math.floor(rnd() * 40)} port ${30000 + Math.floor(rnd() * 30000)} ssh2: ED25519 SHA256:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8`);
      emit(host, `sshd[${p}]`, `pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)`);
    } else if (r < 0.75) {
      const ip = pick(ipPool);
      const p = ++pid;
      const port = 1024 + Math.floor(rnd() * 64000);
      const k = rnd();
      if (k < 0.35) {
        const u = pick(USERS);
        emit(host, `sshd[${p}]`, `Invalid user ${u} from ${ip} port ${port}`);
        emit(host, `sshd[${p}]`, `Connection closed by invalid user ${u} ${ip} port ${port} [preauth]`);
      } else if (k < 0.7) {
        emit(host, `sshd[${p}]`, `Failed password for root from ${ip} port ${port} ssh2`);
        emit(host, `sshd[${p}]`, `Received disconnect from ${ip} port ${port}:11: Bye Bye [preauth]`);
      } else if (k < 0.85) {
        emit(host, `sshd[${p}]`, `Connection closed by ${ip} port ${port} [preauth]`);
      } else {
        emit(host, `sshd[${p}]`, `Unable to negotiate with ${ip} port ${port}: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]`);
      }
    } else if (r < 0.765 && !burst) {
      burst = { ip: pick(ipPool), pid: ++pid, port: 1024 + Math.floor(rnd() * 64000), left: 10 + Math.floor(rnd() * 200), invalid: rnd() < 0.5 };
    } else {
      emit(host, `systemd[1]`, `logrotate.service: Deactivated successfully.`);
    }
  }
  if (out.length) write(out.join(''));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [outPath, linesArg, seedArg] = process.argv.slice(2);
  if (!outPath) {
    console.error('usage: node bench/generate-auth-log.mjs OUT [LINES] [SEED]');
    process.exit(2);
  }
  const ws = createWriteStream(outPath);
  generate(Number(linesArg ?? 1_000_000), Number(seedArg ?? 42), (s) => ws.write(s));
  ws.end();
}
