/**
 * Hostile SSH traffic, line for line as sshd and pam_unix log it (log-formats.md §3, §4): brute
 * force over several connections, invalid-user sweeps, pre-auth probes and hostile user names.
 */
import { SERVER_IPV4, SERVER_V6 } from './addresses.js';
import { HOSTILE_NAMES, INVALID_NAMES, RAW_ESC_NAMES, VALID_TARGETS } from './names.js';
import type { SimContext } from './sim-context.js';

const S = 1000;
const MAX_AUTH_TRIES = 6;

/**
 * One connection with `times.length` failed passwords for `user`, plus what sshd and PAM write
 * around them: `Invalid user`, pam_unix corroboration, sometimes `message repeated N times`, and
 * the end of the connection (MaxAuthTries lines at 6 failures).
 */
export function failedConnection(ctx: SimContext, ip: string, user: string, valid: boolean, times: readonly number[]): void {
  const { rnd } = ctx;
  const n = times.length;
  const first = times[0] ?? 0;
  const last = times[n - 1] ?? first;
  const pid = ctx.pid();
  const port = ctx.port();
  const inv = valid ? '' : 'invalid user ';
  const pre = valid ? 'authenticating' : 'invalid';
  const rhostTail = valid ? `rhost=${ip}  user=${user}` : `rhost=${ip} `;
  if (!valid) {
    ctx.emit(first - rnd.range(100, 600), ctx.sshd, pid, `Invalid user ${user} from ${ip} port ${port}`);
    ctx.emit(first - 60, ctx.sshd, pid, 'pam_unix(sshd:auth): check pass; user unknown');
  }
  ctx.emit(first - 40, ctx.sshd, pid, `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= ${rhostTail}`);
  const failed = `Failed password for ${inv}${user} from ${ip} port ${port} ssh2`;
  ctx.emit(first, ctx.sshd, pid, failed);
  if (n >= 3 && rnd.chance(0.35)) {
    // rsyslog repeat reduction: N counts the dropped copies only.
    ctx.emit(last, ctx.sshd, pid, `message repeated ${n - 1} times: [ ${failed}]`);
  } else {
    for (let i = 1; i < n; i++) ctx.emit(times[i] ?? last, ctx.sshd, pid, failed);
  }
  if (n >= MAX_AUTH_TRIES) {
    ctx.emit(last + 5, ctx.sshd, pid, `error: maximum authentication attempts exceeded for ${inv}${user} from ${ip} port ${port} ssh2 [preauth]`);
    ctx.emit(last + 6, ctx.sshd, pid, `Disconnecting ${pre} user ${user} ${ip} port ${port}: Too many authentication failures [preauth]`);
  } else if (rnd.chance(0.5)) {
    ctx.emit(last + rnd.range(50, 2 * S), ctx.sshd, pid, `Connection closed by ${pre} user ${user} ${ip} port ${port} [preauth]`);
  } else {
    const end = last + rnd.range(50, 2 * S);
    ctx.emit(end, ctx.sshd, pid, `Received disconnect from ${ip} port ${port}:11: Bye Bye [preauth]`);
    ctx.emit(end + 1, ctx.sshd, pid, `Disconnected from ${pre} user ${user} ${ip} port ${port} [preauth]`);
  }
  if (n >= 2) {
    const more = n - 1;
    ctx.emit(last + 10, ctx.sshd, pid, `PAM ${more} more authentication failure${more === 1 ? '' : 's'}; logname= uid=0 euid=0 tty=ssh ruser= ${rhostTail}`);
    if (n > 3) ctx.emit(last + 11, ctx.sshd, pid, `PAM service(sshd) ignoring max retries; ${n} > 3`);
  }
  if (ctx.sshd === 'sshd-session' && n >= 3 && rnd.chance(0.3)) {
    ctx.emit(last + 800, 'sshd', ctx.listenerPid, `drop connection #${rnd.int(0, 9)} from [${ip}]:${ctx.port()} on [${ip.includes(':') ? SERVER_V6.compressed : SERVER_IPV4}]:22 penalty: failed authentication`);
  }
}

/** 8–40 failed passwords from `ip` within 20–90 s, over connections of up to 6 attempts. */
export function bruteForce(ctx: SimContext, t: number, ip: string): void {
  const { rnd } = ctx;
  const attempts = rnd.int(8, 40);
  const span = rnd.range(20 * S, 90 * S);
  const times = Array.from({ length: attempts }, () => t + rnd.next() * span).sort((a, b) => a - b);
  const againstValid = rnd.chance(0.5);
  const target = rnd.pick(VALID_TARGETS);
  for (let i = 0; i < attempts; ) {
    const size = Math.min(attempts - i, rnd.chance(0.7) ? MAX_AUTH_TRIES : rnd.int(1, MAX_AUTH_TRIES));
    const user = againstValid ? target : rnd.pick(INVALID_NAMES);
    failedConnection(ctx, ip, user, againstValid, times.slice(i, i + size));
    i += size;
  }
}

/** One address trying 10–30 different invalid names, one or two attempts each, over 30–120 s. */
export function invalidUserSweep(ctx: SimContext, t: number, ip: string): void {
  const { rnd } = ctx;
  const names = rnd.shuffle(INVALID_NAMES).slice(0, rnd.int(10, 30));
  const span = rnd.range(30 * S, 120 * S);
  const step = span / names.length;
  names.forEach((name, i) => {
    const start = t + i * step + rnd.next() * step * 0.5;
    const times = rnd.chance(0.8) ? [start] : [start, start + rnd.range(1500, 3000)];
    failedConnection(ctx, ip, name, false, times);
  });
}

/** A scanner that never authenticates: banner, KEX and pre-auth disconnect lines. */
export function preauthProbe(ctx: SimContext, t: number, ip: string): void {
  const { rnd } = ctx;
  const pid = ctx.pid();
  const port = ctx.port();
  switch (rnd.int(0, 5)) {
    case 0:
      ctx.emit(t, ctx.sshd, pid, `Connection closed by ${ip} port ${port} [preauth]`);
      break;
    case 1:
      ctx.emit(t, ctx.sshd, pid, 'error: kex_exchange_identification: Connection closed by remote host');
      ctx.emit(t + 1, ctx.sshd, pid, `Connection closed by ${ip} port ${port}`);
      break;
    case 2:
      ctx.emit(t, ctx.sshd, pid, `banner exchange: Connection from ${ip} port ${port}: invalid format`);
      break;
    case 3:
      ctx.emit(t, ctx.sshd, pid, `Unable to negotiate with ${ip} port ${port}: no matching host key type found. Their offer: ssh-rsa,ssh-dss [preauth]`);
      break;
    case 4:
      ctx.emit(t, ctx.sshd, pid, `Received disconnect from ${ip} port ${port}:11: Bye Bye [preauth]`);
      ctx.emit(t + 1, ctx.sshd, pid, `Disconnected from ${ip} port ${port} [preauth]`);
      break;
    default:
      ctx.emit(t, ctx.sshd, pid, 'error: kex_exchange_identification: read: Connection reset by peer');
      ctx.emit(t + 1, ctx.sshd, pid, `Connection reset by ${ip} port ${port}`);
  }
}

/**
 * A login attempt with a hostile user name: terminal escapes (as sshd's `\033` text, and now and
 * then a raw ESC as a journald relay keeps it) or a fake `from <ip>` tail.
 */
export function hostileLogin(ctx: SimContext, t: number, ip: string): void {
  const { rnd } = ctx;
  const name = rnd.chance(0.15) ? rnd.pick(RAW_ESC_NAMES) : rnd.pick(HOSTILE_NAMES);
  const times = rnd.chance(0.7) ? [t] : [t, t + rnd.range(1500, 4000)];
  failedConnection(ctx, ip, name, false, times);
}
