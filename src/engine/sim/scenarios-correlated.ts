/**
 * Attacks that the correlation rules catch, line for line as sshd, pam_unix and UFW log them
 * (log-formats.md §3, §4, §5): a password that works after failures, one account attacked from a
 * botnet, a brute force kept below the burst rate, and an address that keeps coming back.
 */
import { attackerIpv4 } from './addresses.js';
import { INVALID_NAMES, VALID_TARGETS } from './names.js';
import { portScan } from './scenarios-firewall.js';
import { bruteForce, failedConnection, invalidUserSweep } from './scenarios-ssh-attack.js';
import type { SimContext } from './sim-context.js';

const S = 1000;

/** 5–8 failed passwords for a real account over 1–4 min, then the right one: a possible compromise. */
export function loginAfterFailures(ctx: SimContext, t: number, ip: string): void {
  const { rnd } = ctx;
  const user = rnd.pick(VALID_TARGETS);
  const n = rnd.int(5, 8);
  const span = rnd.range(60 * S, 240 * S);
  const times = Array.from({ length: n }, () => t + rnd.next() * span).sort((a, b) => a - b);
  // One connection per attempt or two, as password guessers reconnect.
  for (let i = 0; i < n; ) {
    const size = Math.min(n - i, rnd.int(1, 2));
    failedConnection(ctx, ip, user, true, times.slice(i, i + size));
    i += size;
  }
  const at = t + span + rnd.range(5 * S, 40 * S);
  const pid = ctx.pid();
  const port = ctx.port();
  ctx.emit(at, ctx.sshd, pid, `Accepted password for ${user} from ${ip} port ${port} ssh2`);
  ctx.emit(at + 3, ctx.sshd, pid, `pam_unix(sshd:session): session opened for user ${user}(uid=${user === 'root' ? 0 : 1100}) by (uid=0)`);
  const end = at + rnd.range(20 * S, 300 * S);
  ctx.emit(end, ctx.sshd, pid, `Received disconnect from ${ip} port ${port}:11: disconnected by user`);
  ctx.emit(end + 1, ctx.sshd, pid, `Disconnected from user ${user} ${ip} port ${port}`);
  ctx.emit(end + 4, ctx.sshd, pid, `pam_unix(sshd:session): session closed for user ${user}`);
}

/** 20–35 addresses, one or two failed passwords each, all on one account within 2–4 min. */
export function distributedAttack(ctx: SimContext, t: number): void {
  const { rnd } = ctx;
  const valid = rnd.chance(0.6);
  const user = valid ? rnd.pick(VALID_TARGETS) : rnd.pick(INVALID_NAMES);
  const bots = rnd.int(20, 35);
  const span = rnd.range(120 * S, 240 * S);
  const ips = new Set<string>();
  while (ips.size < bots) ips.add(attackerIpv4(rnd));
  for (const ip of ips) {
    const start = t + rnd.next() * span;
    failedConnection(ctx, ip, user, valid, rnd.chance(0.7) ? [start] : [start, start + rnd.range(2 * S, 6 * S)]);
  }
}

/**
 * 20–26 failed passwords from one address, 13–20 s apart: never 6 within 60 s, so BRUTE_FORCE
 * stays quiet, while 20 within an hour is a slow brute force.
 */
export function slowBruteForce(ctx: SimContext, t: number, ip: string): void {
  const { rnd } = ctx;
  const user = rnd.pick(VALID_TARGETS);
  const n = rnd.int(20, 26);
  let at = t;
  for (let i = 0; i < n; i++) {
    failedConnection(ctx, ip, user, true, [at]);
    at += rnd.range(13 * S, 20 * S);
  }
}

/**
 * One address that keeps coming back: a port scan, an invalid-user sweep a minute or two later
 * (a password spray, often a brute force too), then brute-force runs a few minutes apart — the
 * fourth alert within minutes makes it a repeat offender.
 */
export function recidivist(ctx: SimContext, t: number, ip: string): void {
  const { rnd } = ctx;
  portScan(ctx, t, { v4: ip });
  invalidUserSweep(ctx, t + rnd.range(40 * S, 90 * S), ip);
  // Each run ends within 90 s and its incident closes a minute later: the next run is a new alert.
  let at = t + rnd.range(240 * S, 300 * S);
  for (let i = 0; i < 2; i++) {
    bruteForce(ctx, at, ip);
    at += rnd.range(180 * S, 300 * S);
  }
}
