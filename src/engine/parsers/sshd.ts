/**
 * sshd family (`sshd`, `sshd-session`, `sshd-auth`): strip the decorations (`error: ` / `fatal: `
 * prefix, one trailing ` [preauth]` / ` [postauth]`, kept as a flag), then try the templates,
 * most frequent first, each behind a cheap `startsWith`. Known benign lines → `ignored`;
 * anything else → `unmatched`.
 */
import type { MessageOutcome, MessageEvent } from './message-event.js';
import { parsePamMessage } from './pam.js';
import { parseAuthResult } from './sshd-auth.js';
import { parseInvalidUser, parseMaxTries, parseNotAllowed, parsePamError, parseRefusedConnect, parseRootRefused } from './sshd-refusals.js';
import {
  parseConnectionEnd,
  parseDisconnecting,
  parseNegotiate,
  parseProtocolError,
  parseReceivedDisconnect,
  parseSocketReadFailed,
  type SshdFlag,
} from './sshd-connection.js';
import { templateTrace } from './template-trace.js';

/** The sshd family: `sshd`, `sshd-session` (9.8+), `sshd-auth` (10.0+). */
export function isSshdProgram(tag: string): boolean {
  return tag === 'sshd' || tag === 'sshd-session' || tag === 'sshd-auth';
}

/** Benign messages (session bookkeeping, listener state, VERBOSE connection lines, UseDNS notes). */
const IGNORED_PREFIXES = [
  'Postponed ',
  'Partial ',
  'Connection from ', // VERBOSE `Connection from A port P on L port LP` (the timed-out form is handled first)
  'Server listening on ',
  'Received signal ',
  'Received SIGHUP',
  'Starting session: ',
  'Close session: ',
  'User child is on pid ',
  'Changed root directory to ',
  'PAM adding faulty module',
  'srclimit_penalise: ',
  'Exiting on signal',
  'Transferred: ',
  'subsystem request for ',
  'session opened for ',
  'session closed for ',
  'Accepted key ',
  'Timeout, client not responding',
  'Nasty PTR record ',
  'reverse mapping checking getaddrinfo',
  'Address ',
  'Could not get shadow information for ',
  'Set /proc/self/oom_score_adj',
  'rexec line ',
  'beginning MaxStartups throttling',
  'exited MaxStartups throttling',
  'Authorized to ',
  'Attempt to write login records by non-root user',
  // Common noise without an address, or duplicates of a line that has one (`Invalid user …`).
  'input_userauth_request: invalid user ',
  'reprocess config line ',
  'send_error: ',
  'Write failed: ',
  'Read error from remote host ',
  'Could not load host key: ',
  'ssh_packet_get_string: ',
  'userauth_pubkey: ',
  'userauth_hostbased: ',
  'Corrupted MAC on input.',
  'Bad packet length ',
  'kex_protocol_error: ',
  'SSH: Server;Ltype: ',
  'syslogin_perform_logout: ',
  'no hostkey alg',
];

function isIgnored(msg: string): boolean {
  for (const prefix of IGNORED_PREFIXES) if (msg.startsWith(prefix)) return true;
  return false;
}

// The usual marker lists, allocated once (frozen: a marker is added by replacing the array).
const PREAUTH_FLAGS = Object.freeze(['preauth']) as unknown as string[];
const POSTAUTH_FLAGS = Object.freeze(['postauth']) as unknown as string[];

function flagEvent(e: MessageEvent, flag: 'preauth' | 'postauth'): void {
  if (e.flags === undefined) e.flags = flag === 'preauth' ? PREAUTH_FLAGS : POSTAUTH_FLAGS;
  else e.flags = [flag, ...e.flags];
}

function addFlag(outcome: MessageOutcome, flag: SshdFlag): MessageOutcome {
  if (flag === null || typeof outcome === 'string') return outcome;
  if (Array.isArray(outcome)) {
    for (const e of outcome) flagEvent(e, flag);
  } else {
    flagEvent(outcome, flag);
  }
  return outcome;
}

function dispatch(msg: string, flag: SshdFlag): MessageOutcome {
  switch (msg.charCodeAt(0)) {
    case 70: // F
      if (msg.startsWith('Failed ')) return parseAuthResult(msg);
      break;
    case 65: // A
      if (msg.startsWith('Accepted ')) return parseAuthResult(msg);
      break;
    case 73: // I
      if (msg.startsWith('Invalid user ') || msg.startsWith('Illegal user ')) return parseInvalidUser(msg);
      break;
    case 67: // C
      if (msg.startsWith('Connection closed by ') || msg.startsWith('Connection reset by ')) return parseConnectionEnd(msg, flag);
      if (msg.startsWith('Connection from ') && msg.endsWith(' timed out')) return parseConnectionEnd(msg, flag);
      break;
    case 68: // D
      if (msg.startsWith('Disconnected from ')) return parseConnectionEnd(msg, flag);
      if (msg.startsWith('Disconnecting')) return parseDisconnecting(msg, flag);
      if (msg.startsWith('Did not receive identification string')) return parseProtocolError(msg);
      break;
    case 82: // R
      if (msg.startsWith('Received disconnect from ')) return parseReceivedDisconnect(msg, flag);
      if (msg.startsWith('ROOT LOGIN REFUSED FROM ')) return parseRootRefused(msg);
      if (msg.startsWith('Read from socket failed: ')) return parseSocketReadFailed(flag);
      break;
    case 85: // U
      if (msg.startsWith('User ') && !msg.startsWith('User child is on pid ')) return parseNotAllowed(msg);
      if (msg.startsWith('Unable to negotiate ')) return parseNegotiate(msg);
      break;
    case 109: // m
      if (msg.startsWith('maximum authentication attempts exceeded for ')) return parseMaxTries(msg);
      break;
    case 80: // P
      if (msg.startsWith('PAM: ')) return parsePamError(msg);
      if (msg.startsWith('PAM ')) return parsePamMessage(msg, true);
      if (msg.startsWith('Protocol major versions differ')) return parseProtocolError(msg);
      break;
    case 112: // p
      if (msg.startsWith('pam_')) return parsePamMessage(msg, true);
      if (msg.startsWith('probed from ')) return parseProtocolError(msg);
      break;
    case 107: // k
      if (msg.startsWith('kex_exchange_identification: ')) return parseProtocolError(msg);
      break;
    case 66: // B
      if (msg.startsWith('Bad protocol version identification ') || msg.startsWith('Bad remote protocol version identification')) {
        return parseProtocolError(msg);
      }
      break;
    case 98: // b
      if (msg.startsWith('banner exchange: ')) return parseProtocolError(msg);
      break;
    case 84: // T
      if (msg.startsWith('Timeout before authentication for ')) return parseProtocolError(msg);
      break;
    case 100: // d
      if (msg.startsWith('drop connection #')) return parseProtocolError(msg);
      break;
    case 115: // s
      if (msg.startsWith('scanned from ') || msg.startsWith('ssh_dispatch_run_fatal: ')) return parseProtocolError(msg);
      break;
    case 114: // r
      if (msg.startsWith('refused connect from ')) return parseRefusedConnect(msg);
      break;
    case 110: // n
      if (msg.startsWith('no matching ')) return parseProtocolError(msg);
      break;
    default:
      break;
  }
  if (isIgnored(msg)) {
    templateTrace.id = 'sshd.benign';
    return 'ignored';
  }
  templateTrace.id = '';
  return 'unmatched';
}

/** True when an sshd-family message is a PAM line (`pam_…(` or `PAM ` prefix), family `pam`. */
export function isPamMessage(msg: string): boolean {
  return msg.startsWith('pam_') || msg.startsWith('PAM ');
}

/**
 * sshd cuts every logged message to 500 bytes (`syslog(pri, "%.500s", …)`; its text is ASCII after
 * `strnvis`). A message that long may have lost its tail, and the attacker chooses the length of the
 * user name that precedes it: the address left at the end could be one written inside the name.
 */
export const SSHD_MAX_MESSAGE = 500;

/** Drops the address of events whose attacker text precedes it, in a possibly truncated message. */
function distrustCutTail(outcome: MessageOutcome): MessageOutcome {
  if (typeof outcome === 'string') return outcome;
  const events = Array.isArray(outcome) ? outcome : [outcome];
  for (const e of events) {
    if (e.user === null || (e.ip === null && e.rhost === null)) continue;
    // The line parser keeps the address if an unambiguous line of the same process named it.
    if (e.ip !== null) e.candidates = [e.ip];
    e.ip = null;
    e.rhost = null;
    e.port = null;
    e.flags = e.flags === undefined ? ['suspicious'] : e.flags.includes('suspicious') ? e.flags : [...e.flags, 'suspicious'];
  }
  return outcome;
}

// A kernel uptime prefix some journal relays put before sshd's message (`kernel:[  970.69]: `,
// `kernel: [  970.69] `).
const KERNEL_PREFIX = /^kernel: ?\[ *\d+\.\d+\]:? */;

/** Parse one sshd-family message (envelope, `message repeated` and trailing whitespace already removed). */
export function parseSshdMessage(msg: string): MessageOutcome {
  // (Trailing whitespace was already removed by parseProgramMessage.)
  let text = msg;
  if (text.charCodeAt(0) === 107 && text.startsWith('kernel:')) {
    const k = KERNEL_PREFIX.exec(text);
    if (k !== null) text = text.slice(k[0].length);
  }
  const mayBeCut = text.length >= SSHD_MAX_MESSAGE;
  const first = text.charCodeAt(0);
  if ((first === 101 && text.startsWith('error: ')) || (first === 102 && text.startsWith('fatal: '))) text = text.slice(7);
  let flag: SshdFlag = null;
  if (text.charCodeAt(text.length - 1) === 93) {
    if (text.endsWith(' [preauth]')) {
      flag = 'preauth';
      text = text.slice(0, -10);
    } else if (text.endsWith(' [postauth]')) {
      flag = 'postauth';
      text = text.slice(0, -11);
    }
  }
  const outcome = addFlag(dispatch(text, flag), flag);
  return mayBeCut ? distrustCutTail(outcome) : outcome;
}
