/** What a traffic scenario may use: randomness, fresh PIDs/ports, and a way to schedule lines. */
import type { LegitUser } from './names.js';
import type { Random } from './prng.js';

export interface SimContext {
  readonly rnd: Random;
  /** Per-connection sshd program: `sshd` (≤ 9.7) or `sshd-session` (9.8+). */
  readonly sshd: string;
  /** PID of the sshd listener (9.8+ listener lines). */
  readonly listenerPid: number;
  /** PID of systemd-logind. */
  readonly logindPid: number;
  /** Whether kernel lines carry the printk uptime stamp. */
  readonly kernelStamps: boolean;
  /** Relative time (ms) of the simulated boot, for uptime stamps. */
  readonly bootAt: number;
  readonly users: readonly LegitUser[];
  /** SHA256 key fingerprint per legitimate user. */
  readonly fingerprints: ReadonlyMap<string, string>;
  /**
   * Schedule one line at relative time `at` (ms since the generator's start). Times earlier than
   * the current scenario's start are moved up to it, so output stays ordered.
   */
  emit(at: number, tag: string, pid: number | null, msg: string): void;
  /** Schedule one line that is not a syslog line (a Zeek JSON record) at relative time `at`, as is. */
  emitRaw(at: number, text: string): void;
  /** The absolute time (ms since the epoch) of relative time `at`. */
  clock(at: number): number;
  /** A fresh process id. */
  pid(): number;
  /** A fresh client source port. */
  port(): number;
  /** Next systemd-logind session number. */
  session(): number;
}
