/**
 * How many failed login attempts each event stands for (`SecurityEvent.attempts`): what BRUTE_FORCE
 * counts, decided once, in the parser, so `parse` output and detection agree by construction.
 *
 * Outside sshd connections an event's attempts follow its weight: `attempt` → its count (legacy
 * `auth_failed`, pam_unix failures of other services with a remote), `credit` → 1, else 0. Events
 * without an IP never count (a host name is not an address to count against).
 *
 * Inside an sshd connection — keyed by logging host, PID **and** peer address (another address on a
 * reused PID is another connection) — the connection's total is a function of what its lines said,
 * and each line carries what it added to that total:
 *
 *     total = max(credit ? 1 : 0, (escalated ? publickey : 0) + max(other, pam))
 *
 * - `credit`: the connection named an invalid or refused user (`Invalid user`, `User … not allowed`,
 *   `ROOT LOGIN REFUSED`, a TCP-wrapper refusal): at least one attempt, and its first failure is the
 *   same attempt (a connection counts max(1, failures));
 * - `other`: sshd `Failed <method>` lines except `publickey` for a valid user (`message repeated N
 *   times` adds N);
 * - `publickey`: `Failed publickey` for a valid user. A client with several keys in its agent logs
 *   these before it finds the right one: they count only once the connection is `escalated` (it
 *   also failed another method, named an invalid user, or PAM reported a failure);
 * - `pam`: failures PAM reported (`pam_unix … authentication failure`, `PAM N more authentication
 *   failures`, sshd's `error: PAM: …`). They are the same attempts sshd reports as `Failed` lines,
 *   hence the max. A PAM failure is written *before* sshd's `Failed` line, so in a log where sshd
 *   reports results it waits as *pending*: confirmed by the connection's next `Failed` line, or
 *   counted when the connection ends without one (the client hung up during PAM's delay), or
 *   dropped when the connection then logs in as the same user (a stacked module failed, another
 *   accepted). In a log where sshd never reported a result (PAM-only logs: old Red Hat
 *   `sshd(pam_unix)` lines, sshd at LogLevel ERROR), PAM failures count at once.
 *
 * Bounded: a direct-mapped table of connections (a collision or `STATE_TTL_MS` of event time
 * without a line forgets the older one); nothing here allocates per event on the common path.
 */
import type { AttemptWeight, SecurityEvent } from '../model/event.js';
import { createSlotIndex, PROCESS_SLOTS, type SlotOf } from './host-pid-slots.js';
import type { MessageEvent } from './message-event.js';
import { withGetters } from '../with-getters.js';

const SLOTS = PROCESS_SLOTS;
/** A connection's state is forgotten after this much event time without a line. */
export const STATE_TTL_MS = 10 * 60_000;

const CREDIT = 1;
const INVALID = 2;
const ENDED = 4;

// Column indexes in the per-slot number table.
const PID = 0;
const TIME = 1;
const OTHER = 2;
const PUBLICKEY = 3;
const PAM = 4;
const PAM_PENDING = 5;
const COUNTED = 6;
const FLAGS = 7;
const WIDTH = 8;

export interface AttemptCounter {
  /**
   * The attempts of event `e`, built from message event `m` of a line whose tag is in the sshd
   * family (`sshd`, `sshd-session`, `sshd-auth`, `sshd(pam_unix)`), at its host, PID and time.
   */
  sshd(e: SecurityEvent, m: MessageEvent): number;
  /** True once this source showed an sshd result line (`Failed`, `Accepted`, `Invalid user`, …). */
  readonly sshdReportsResults: boolean;
}

/** The attempts an event stands for by its weight alone (outside sshd connections). */
export function attemptsByWeight(ip: string | null, weight: AttemptWeight, count: number): number {
  if (ip === null) return 0;
  if (weight === 'attempt') return count;
  return weight === 'credit' ? 1 : 0;
}

/** `slotOf`: a slot index over `PROCESS_SLOTS` slots, shared with the parser's other per-process table. */
export function createAttemptCounter(slotOf: SlotOf = createSlotIndex(SLOTS)): AttemptCounter {
  const num = new Float64Array(SLOTS * WIDTH);
  for (let s = 0; s < SLOTS; s++) num[s * WIDTH + PID] = -1;
  const hosts: (string | null)[] = new Array<string | null>(SLOTS).fill(null);
  const peers: string[] = new Array<string>(SLOTS).fill('');
  const pendingUsers: (string | null)[] = new Array<string | null>(SLOTS).fill(null);
  let reportsResults = false;

  function reset(base: number, slot: number, host: string | null, pid: number, ip: string): void {
    for (let k = 0; k < WIDTH; k++) num[base + k] = 0; // (a builtin call costs more than 8 stores)
    num[base + PID] = pid;
    hosts[slot] = host;
    peers[slot] = ip;
    pendingUsers[slot] = null;
  }

  function total(base: number): number {
    const flags = num[base + FLAGS]!;
    const other = num[base + OTHER]!;
    const pam = num[base + PAM]!;
    const escalated = (flags & (CREDIT | INVALID)) !== 0 || other > 0 || pam > 0;
    const failures = (escalated ? num[base + PUBLICKEY]! : 0) + (other > pam ? other : pam);
    return (flags & CREDIT) !== 0 && failures < 1 ? 1 : failures;
  }

  function resolvePending(base: number): void {
    num[base + PAM] = num[base + PAM]! + num[base + PAM_PENDING]!;
    num[base + PAM_PENDING] = 0;
  }

  const counter = {
    sshd(e: SecurityEvent, m: MessageEvent): number {
      const failed = m.type === 'auth_failure' && m.weight === 'attempt';
      const credit = m.weight === 'credit';
      const success = m.type === 'auth_success';
      const pam = m.pamFailure === true;
      const ends = m.type === 'preauth_disconnect' || m.ends === true;
      if (!pam && (failed || credit || success)) reportsResults = true;
      const ip = e.ip;
      if (ip === null || !(failed || credit || success || pam || ends)) return 0;
      const pid = e.pid;
      if (pid === null) {
        // No process to tie lines together: weights alone; a PAM failure counts only where sshd
        // never reports its own.
        if (pam) return reportsResults ? 0 : e.count;
        return failed ? e.count : credit ? 1 : 0;
      }
      const host = e.host;
      const slot = slotOf(host, pid);
      const base = slot * WIDTH;
      const time = Number.isFinite(e.time) ? e.time : num[base + TIME]!;
      const fresh =
        num[base + PID] !== pid ||
        hosts[slot] !== host ||
        peers[slot] !== ip ||
        Math.abs(time - num[base + TIME]!) > STATE_TTL_MS ||
        // A new authentication on a connection that already ended: the PID came round again.
        ((num[base + FLAGS]! & ENDED) !== 0 && (failed || credit || success || (pam && m.pamSummary !== true)));
      if (fresh) reset(base, slot, host, pid, ip);
      num[base + TIME] = time;
      if (failed) {
        const invalidUser = m.flags !== undefined && m.flags.length > 0 && m.flags.includes('invalid_user');
        if (m.method === 'publickey' && !invalidUser) {
          num[base + PUBLICKEY] = num[base + PUBLICKEY]! + e.count;
        } else {
          num[base + OTHER] = num[base + OTHER]! + e.count;
          // This Failed line is the attempt a pending PAM failure announced.
          resolvePending(base);
        }
        if (invalidUser) num[base + FLAGS] = num[base + FLAGS]! | INVALID;
      } else if (credit) {
        num[base + FLAGS] = num[base + FLAGS]! | CREDIT;
      } else if (pam) {
        num[base + PAM_PENDING] = num[base + PAM_PENDING]! + e.count;
        if (e.user !== null) pendingUsers[slot] = e.user;
        // `PAM N more …` is written at the end of the PAM handle: nothing more will confirm it.
        if (!reportsResults || m.pamSummary === true) resolvePending(base);
      } else if (success) {
        // Pending PAM failures of the user who got in were a stacked module's; another user's were attempts.
        const pendingUser = pendingUsers[slot];
        if (pendingUser !== null && e.user !== null && pendingUser !== e.user) resolvePending(base);
        else num[base + PAM_PENDING] = 0;
      }
      if (ends) {
        resolvePending(base);
        num[base + FLAGS] = num[base + FLAGS]! | ENDED;
      }
      const t = total(base);
      const added = t - num[base + COUNTED]!;
      num[base + COUNTED] = t;
      return added > 0 ? added : 0;
    },
  };
  return withGetters(counter, { sshdReportsResults: () => reportsResults });
}
