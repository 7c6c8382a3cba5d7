/**
 * Step two of a line: the program's message, chosen by the tag. Only three families are ours:
 * sshd (`sshd`, `sshd-session`, `sshd-auth`; their PAM lines count as family `pam`), the kernel
 * when the message is a netfilter LOG line, and PAM lines (`pam_…(` / `PAM `) under any tag, or
 * under a tag naming the module (`sshd(pam_unix)`, old Linux-PAM).
 * `message repeated N times: [ … ]` is unwrapped first.
 */
import type { MessageOutcome } from './message-event.js';
import { netfilterStart, parseNetfilterMessage, stripKernelUptime } from './netfilter.js';
import { isPamPrefix, parseModuleTaggedPam, parsePamMessage } from './pam.js';
import { isLastMessageRepeated, isRepeatedMessage, unwrapRepeated } from './repeated.js';
import { isPamMessage, isSshdProgram, parseSshdMessage } from './sshd.js';
import { templateTrace } from './template-trace.js';

export interface ProgramMessage {
  /** Family for per-program stats: `sshd`, `pam` or `kernel`. */
  family: string;
  outcome: MessageOutcome;
  /** `message repeated N times` → N, else 1. */
  count: number;
}

/**
 * Cheap test, before anything is sliced or converted: can the message at `start` of a line whose
 * tag is `text[tagStart, tagEnd)` be ours? Must accept every line `parseProgramMessage` accepts.
 */
export function mayBeOurs(text: string, tagStart: number, tagEnd: number, start: number): boolean {
  const tagLength = tagEnd - tagStart;
  // Character tests rather than `startsWith` (a builtin call each): this runs for every line, and
  // most lines fail at the first or second character (`systemd`, `sudo`, `CRON`).
  if (isSshdAt(text, tagStart)) {
    if (tagLength === 4) return true;
    if (tagLength === 12 && text.startsWith('-session', tagStart + 4)) return true;
    if (tagLength === 9 && text.startsWith('-auth', tagStart + 4)) return true;
  }
  const c = text.charCodeAt(start);
  if (c === 112) return isPamPrefix(text, start);
  if (c === 80) return text.startsWith('PAM ', start);
  // `sshd(pam_unix)`: the module in the tag.
  if (text.charCodeAt(tagEnd - 1) === 41) {
    const open = text.indexOf('(pam_', tagStart);
    if (open > tagStart && open < tagEnd) return true;
  }
  if (tagLength === 6 && text.charCodeAt(tagStart) === 107 && text.startsWith('kernel', tagStart)) return text.indexOf('IN=', start) !== -1;
  return c === 109 && isRepeatedMessage(text, start);
}

/** `sshd` at `i` (character tests: cheaper than a `startsWith` call on the per-line path). */
export function isSshdAt(text: string, i: number): boolean {
  return text.charCodeAt(i) === 115 && text.charCodeAt(i + 1) === 115 && text.charCodeAt(i + 2) === 104 && text.charCodeAt(i + 3) === 100;
}

/** Where `readProgramMessage` leaves the family and count of the message it read (reused per parser). */
export interface ProgramMessageInfo {
  family: string;
  count: number;
  /** The tag is in the sshd family (its PAM lines included): lines of one sshd connection. */
  sshd: boolean;
}

export function createProgramMessageInfo(): ProgramMessageInfo {
  return { family: '', count: 1, sshd: false };
}

/** Parses the message of a line tagged `tag`; null when it is not ours. */
export function parseProgramMessage(tag: string, msg: string): ProgramMessage | null {
  const info = createProgramMessageInfo();
  const outcome = readProgramMessage(tag, msg, info);
  return outcome === null ? null : { family: info.family, outcome, count: info.count };
}

/**
 * `parseProgramMessage` without a result object per line: the outcome, or null when the message is
 * not ours; family and count go to `info` (only meaningful when the outcome is not null).
 */
export function readProgramMessage(tag: string, msg: string, info: ProgramMessageInfo): MessageOutcome | null {
  let sshd = isSshdProgram(tag);
  let module: string | null = null;
  if (!sshd && tag.charCodeAt(tag.length - 1) === 41) {
    const open = tag.indexOf('(');
    if (open > 0 && tag.startsWith('pam_', open + 1)) {
      module = tag.slice(open + 1, -1);
      sshd = isSshdProgram(tag.slice(0, open));
    }
  }
  info.sshd = sshd;
  let text = msg;
  // Trailing whitespace (a journald MESSAGE ending in "\n", relays padding lines) is never part
  // of a template; the kernel's own trailing space is not needed either.
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    end--;
  }
  if (end !== text.length) text = text.slice(0, end);
  info.count = 1;
  // The first character decides which prefixes are worth a `startsWith`.
  const first = text.charCodeAt(0);
  if (first === 109 && isRepeatedMessage(text)) {
    const repeated = unwrapRepeated(text);
    if (repeated === null) {
      if (!sshd) return null;
      info.family = 'sshd';
      return 'unmatched';
    }
    text = repeated.inner;
    info.count = repeated.count;
  } else if (sshd && first === 108 && isLastMessageRepeated(text)) {
    info.family = 'sshd';
    return 'ignored';
  }
  if (module !== null) {
    info.family = 'pam';
    return parseModuleTaggedPam(module, text, sshd);
  }
  if ((text.charCodeAt(0) | 32) === 112 && isPamMessage(text)) {
    info.family = 'pam';
    // PAM lines relayed by sshd's unprivileged child carry its ` [preauth]`.
    if (sshd && text.endsWith(' [preauth]')) text = text.slice(0, -10);
    return parsePamMessage(text, sshd);
  }
  if (sshd) {
    info.family = 'sshd';
    return parseSshdMessage(text);
  }
  if (tag === 'kernel') {
    const kernel = stripKernelUptime(text);
    const start = netfilterStart(kernel);
    if (start === -1) return null;
    info.family = 'kernel';
    templateTrace.id = 'kernel.netfilter';
    return parseNetfilterMessage(kernel, start);
  }
  return null;
}
