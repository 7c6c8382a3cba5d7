/** Normal traffic: legitimate SSH sessions and system noise (CRON, sudo, systemd, postfix, kernel). */
import { attackerIpv4 } from './addresses.js';
import { SUDO_COMMANDS, SYSTEMD_UNITS } from './names.js';
import { ufwBlock } from './scenarios-firewall.js';
import type { SimContext } from './sim-context.js';

const S = 1000;

/** A legitimate login: Accepted …, session opened, logind, and later the matching close lines. */
export function legitSession(ctx: SimContext, t: number): void {
  const { rnd } = ctx;
  const user = rnd.pick(ctx.users);
  const pid = ctx.pid();
  const port = ctx.port();
  let at = t;
  if (user.method === 'password' && rnd.chance(0.15)) {
    // A typo first: one failed attempt, then the right password.
    ctx.emit(at, ctx.sshd, pid, `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${user.ip}  user=${user.name}`);
    ctx.emit(at + 20, ctx.sshd, pid, `Failed password for ${user.name} from ${user.ip} port ${port} ssh2`);
    at += rnd.range(2 * S, 6 * S);
  }
  const info = user.method === 'publickey' ? `: ED25519 ${ctx.fingerprints.get(user.name) ?? ''}` : '';
  ctx.emit(at, ctx.sshd, pid, `Accepted ${user.method} for ${user.name} from ${user.ip} port ${port} ssh2${info}`);
  ctx.emit(at + 3, ctx.sshd, pid, `pam_unix(sshd:session): session opened for user ${user.name}(uid=${user.uid}) by (uid=0)`);
  const session = ctx.session();
  ctx.emit(at + 9, 'systemd-logind', ctx.logindPid, `New session ${session} of user ${user.name}.`);
  const end = at + rnd.range(5 * S, 600 * S);
  const child = pid + rnd.int(1, 3);
  ctx.emit(end, ctx.sshd, child, `Received disconnect from ${user.ip} port ${port}:11: disconnected by user`);
  ctx.emit(end + 1, ctx.sshd, child, `Disconnected from user ${user.name} ${user.ip} port ${port}`);
  ctx.emit(end + 4, ctx.sshd, pid, `pam_unix(sshd:session): session closed for user ${user.name}`);
  ctx.emit(end + 8, 'systemd-logind', ctx.logindPid, `Session ${session} logged out. Waiting for processes to exit.`);
  ctx.emit(end + 15, 'systemd-logind', ctx.logindPid, `Removed session ${session}.`);
}

/** One burst of system noise; returns nothing, schedules 1–3 lines. */
export function noise(ctx: SimContext, t: number): void {
  const { rnd } = ctx;
  const roll = rnd.next();
  if (roll < 0.2) {
    const pid = ctx.pid();
    ctx.emit(t, 'CRON', pid, 'pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)');
    ctx.emit(t + rnd.range(50, 3 * S), 'CRON', pid, 'pam_unix(cron:session): session closed for user root');
  } else if (roll < 0.3) {
    const user = rnd.pick(ctx.users);
    const cmd = rnd.pick(SUDO_COMMANDS);
    ctx.emit(t, 'sudo', null, `    ${user.name} : TTY=pts/${rnd.int(0, 3)} ; PWD=/home/${user.name} ; USER=root ; COMMAND=${cmd}`);
    ctx.emit(t + 2, 'sudo', null, `pam_unix(sudo:session): session opened for user root(uid=0) by ${user.name}(uid=${user.uid})`);
    ctx.emit(t + rnd.range(100, 5 * S), 'sudo', null, 'pam_unix(sudo:session): session closed for user root');
  } else if (roll < 0.45) {
    const unit = rnd.pick(SYSTEMD_UNITS);
    const name = unit.slice(0, unit.indexOf(' '));
    ctx.emit(t, 'systemd', 1, `Starting ${unit}...`);
    ctx.emit(t + rnd.range(20, 2 * S), 'systemd', 1, `${name}: Deactivated successfully.`);
    ctx.emit(t + rnd.range(2 * S, 3 * S), 'systemd', 1, `Finished ${unit}.`);
  } else if (roll < 0.6) {
    const pid = ctx.pid();
    const ip = attackerIpv4(rnd);
    ctx.emit(t, 'postfix/smtpd', pid, `connect from unknown[${ip}]`);
    const sasl = rnd.chance(0.5);
    if (sasl) ctx.emit(t + rnd.range(100, S), 'postfix/smtpd', pid, `warning: unknown[${ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`);
    const cmds = sasl ? 'ehlo=1 auth=0/1 quit=1 commands=2/3' : 'ehlo=1 quit=1 commands=2';
    ctx.emit(t + rnd.range(S, 2 * S), 'postfix/smtpd', pid, `disconnect from unknown[${ip}] ${cmds}`);
  } else {
    // Internet background radiation: a single blocked packet.
    const udp = rnd.chance(0.4);
    const dport = udp ? rnd.pick([53, 123, 137, 161, 1900, 5060]) : rnd.pick([23, 445, 3389, 8080, 5555]);
    ufwBlock(ctx, t, { v4: attackerIpv4(rnd) }, dport, udp ? 'UDP' : 'TCP');
  }
}
