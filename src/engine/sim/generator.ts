/**
 * Seeded generator of realistic auth.log traffic (log-formats.md formats, documentation
 * addresses). Pure: the caller gives the start time, and the generator's clock advances with the
 * lines it returns. Same options → same lines.
 *
 * Scenarios (normal logins, system noise, brute force, invalid-user sweeps, an intel-listed
 * attacker, IPv6 attackers, pre-auth probes, hostile user names, UFW port scans, a login after
 * failures, distributed and slow brute force, a returning attacker) start as Poisson processes
 * whose rates scale with `rate`; each schedules its lines ahead of time, and `next()` returns the
 * earliest pending one. With `flows`, Zeek conn records (JSON lines, `kind: 'zeek'`) of the local
 * network's traffic come along, with an upload spike now and then.
 */
import { attackerIpv4, attackerIpv6, INTEL_ATTACKER_IP } from './addresses.js';
import { formatLine, type SimFormat } from './format.js';
import { LEGIT_USERS } from './names.js';
import { createRandom, type Random } from './prng.js';
import { legitSession, noise } from './scenarios-benign.js';
import { portScan, ufwBlock } from './scenarios-firewall.js';
import { distributedAttack, loginAfterFailures, recidivist, slowBruteForce } from './scenarios-correlated.js';
import { backgroundFlow, exfiltration } from './scenarios-flow.js';
import { bruteForce, hostileLogin, invalidUserSweep, preauthProbe } from './scenarios-ssh-attack.js';
import type { SimContext } from './sim-context.js';

export type { SimFormat } from './format.js';

export interface TrafficGeneratorOptions {
  seed: number;
  /** Time of the first possible line, ms since the epoch. */
  startTime: number;
  /** Logging host name. @default 'bastion-01' */
  hostName?: string;
  /** File envelope. @default 'rfc3164' */
  format?: SimFormat;
  /** Mean lines per second of simulated time (traffic varies around it). @default 20 */
  rate?: number;
  /** Per-connection sshd program name. @default 'sshd' */
  sshdProgram?: 'sshd' | 'sshd-session';
  /**
   * Also write Zeek conn records (JSON lines) of the local network's traffic, with an upload
   * spike now and then (for TRAFFIC_SPIKE). They come on top of `rate`. @default false
   */
  flows?: boolean;
}

export interface GeneratedLine {
  /**
   * Line time, ms since the epoch: what the timestamp in `text` says for a syslog line; for a
   * Zeek record, when it is written (its connection's end; `ts` in the record is the start).
   */
  time: number;
  /** One log line, without newline. */
  text: string;
  /** `syslog`: an auth/kern line (one file); `zeek`: a conn.log JSON record (another file). */
  kind: 'syslog' | 'zeek';
}

export interface TrafficGenerator {
  /** The next line; times never decrease. */
  next(): GeneratedLine;
  /** Time of the line `next()` would return, without consuming it. */
  peekTime(): number;
}

interface Pending {
  at: number;
  seq: number;
  text: string;
  kind: GeneratedLine['kind'];
}

type Kind = { mean: number; run: (ctx: SimContext, t: number) => void };

const S = 1000;
/** Linux `pid_max` on 64-bit systems; PIDs wrap after it. */
const PID_MAX = 4_194_304;
const BASE_RATE = 20;
/** Non-noise lines per second the attack and login scenarios produce at BASE_RATE (measured). */
const SCENARIO_LINES_PER_S = 11.3;
/** Mean lines per noise event (measured). */
const LINES_PER_NOISE = 1.93;

function scenarioKinds(rnd: Random): Kind[] {
  return [
    { mean: 3 * S, run: legitSession },
    { mean: 18 * S, run: (c, t) => bruteForce(c, t, attackerIpv4(rnd)) },
    { mean: 150 * S, run: (c, t) => intelAttacker(c, t) },
    { mean: 80 * S, run: (c, t) => bruteForce(c, t, attackerIpv6(rnd).compressed) },
    { mean: 75 * S, run: (c, t) => invalidUserSweep(c, t, attackerIpv4(rnd)) },
    { mean: 1 * S, run: (c, t) => preauthProbe(c, t, attackerIpv4(rnd)) },
    { mean: 45 * S, run: (c, t) => portScan(c, t, rnd.chance(0.2) ? { v6: attackerIpv6(rnd) } : { v4: attackerIpv4(rnd) }) },
    { mean: 50 * S, run: (c, t) => hostileLogin(c, t, attackerIpv4(rnd)) },
    { mean: 240 * S, run: (c, t) => loginAfterFailures(c, t, attackerIpv4(rnd)) },
    { mean: 300 * S, run: (c, t) => distributedAttack(c, t) },
    { mean: 360 * S, run: (c, t) => slowBruteForce(c, t, attackerIpv4(rnd)) },
    { mean: 480 * S, run: (c, t) => recidivist(c, t, attackerIpv4(rnd)) },
  ];
}

/** Zeek conn records: everyday connections every few seconds, an upload spike every ~5 min. */
function flowKinds(): Kind[] {
  return [
    { mean: 3 * S, run: backgroundFlow },
    { mean: 300 * S, run: exfiltration },
  ];
}

/** The attacker from the shipped intel feed: a brute-force run and a few blocked packets. */
function intelAttacker(ctx: SimContext, t: number): void {
  bruteForce(ctx, t, INTEL_ATTACKER_IP);
  const n = ctx.rnd.int(1, 3);
  for (let i = 0; i < n; i++) ufwBlock(ctx, t + ctx.rnd.range(0, 30 * S), { v4: INTEL_ATTACKER_IP }, ctx.rnd.pick([22, 23, 3389]), 'TCP');
}

function fingerprint(rnd: Random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = 'SHA256:';
  for (let i = 0; i < 43; i++) out += alphabet[rnd.int(0, 63)];
  return out;
}

export function createTrafficGenerator(opts: TrafficGeneratorOptions): TrafficGenerator {
  const rnd = createRandom(opts.seed);
  const host = opts.hostName ?? 'bastion-01';
  const format = opts.format ?? 'rfc3164';
  const rate = opts.rate !== undefined && opts.rate > 0 ? opts.rate : BASE_RATE;
  const scale = rate / BASE_RATE;
  const start = Math.floor(opts.startTime);

  const heap: Pending[] = [];
  let seq = 0;
  let floor = 0;
  let nextPid = rnd.int(2000, 30000);
  let nextSession = rnd.int(100, 5000);

  const ctx: SimContext = {
    rnd,
    sshd: opts.sshdProgram ?? 'sshd',
    listenerPid: rnd.int(400, 1200),
    logindPid: rnd.int(300, 900),
    kernelStamps: rnd.chance(0.5),
    bootAt: -rnd.range(3600 * S, 40 * 86400 * S),
    users: LEGIT_USERS,
    fingerprints: new Map(LEGIT_USERS.map((u) => [u.name, fingerprint(rnd)])),
    emit(at, tag, pid, msg) {
      const when = Math.max(at, floor);
      const time = start + Math.floor(when);
      const micros = Math.floor((when - Math.floor(when)) * 1000);
      const text = formatLine(format, time, micros, host, tag, pid, msg);
      push({ at: when, seq: seq++, text, kind: 'syslog' });
    },
    emitRaw(at, text) {
      push({ at: Math.max(at, floor), seq: seq++, text, kind: 'zeek' });
    },
    clock: (at) => start + Math.floor(at),
    pid: () => {
      nextPid += rnd.int(1, 40);
      if (nextPid > PID_MAX) nextPid = 300 + rnd.int(0, 999);
      return nextPid;
    },
    port: () => rnd.int(32768, 60999),
    session: () => ++nextSession,
  };

  const kinds = scenarioKinds(rnd).map((k) => ({ ...k, mean: k.mean / scale }));
  const noiseRate = Math.max(0.2 * rate, rate - SCENARIO_LINES_PER_S * scale) / LINES_PER_NOISE;
  let noiseFactor = 1;
  const noiseKind: Kind = { mean: S / noiseRate, run: noise };
  // Traffic level drifts: every ~30 s the noise intensity changes (0.3×–1.8×).
  const driftKind: Kind = { mean: 30 * S, run: () => (noiseFactor = rnd.range(0.3, 1.8)) };
  const all = [...kinds, noiseKind, driftKind, ...(opts.flows === true ? flowKinds() : [])];
  // Every kind shows up early (so a short demo history already has some of everything).
  const nextAt = all.map((k) => rnd.range(0, Math.min(k.mean, 45 * S)));

  function push(p: Pending): void {
    heap.push(p);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Pending, heap[parent] as Pending)) break;
      [heap[i], heap[parent]] = [heap[parent] as Pending, heap[i] as Pending];
      i = parent;
    }
  }

  function pop(): Pending {
    const top = heap[0] as Pending;
    const last = heap.pop() as Pending;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l] as Pending, heap[m] as Pending)) m = l;
        if (r < heap.length && before(heap[r] as Pending, heap[m] as Pending)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m] as Pending, heap[i] as Pending];
        i = m;
      }
    }
    return top;
  }

  /** Start every scenario due before the earliest pending line. */
  function fill(): Pending {
    for (;;) {
      let k = 0;
      for (let i = 1; i < nextAt.length; i++) if ((nextAt[i] as number) < (nextAt[k] as number)) k = i;
      const due = nextAt[k] as number;
      const top = heap[0];
      if (top !== undefined && top.at <= due) return top;
      floor = due;
      const kind = all[k] as Kind;
      kind.run(ctx, due);
      const mean = kind === noiseKind ? kind.mean / noiseFactor : kind.mean;
      nextAt[k] = due + rnd.exp(mean);
    }
  }

  return {
    next() {
      fill();
      const p = pop();
      return { time: start + Math.floor(p.at), text: p.text, kind: p.kind };
    },
    peekTime() {
      return start + Math.floor(fill().at);
    },
  };
}

function before(a: Pending, b: Pending): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
