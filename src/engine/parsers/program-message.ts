/**
 * Step two of a line: the program's message, chosen by the tag. Only three families are ours:
 * sshd (`sshd`, `sshd-session`, `sshd-auth`; their PAM lines count as family `pam`), the kernel
 * when the message is a netfilter LOG line, and PAM lines (`pam_…(` / `PAM `) under any tag.
 * `message repeated N times: [ … ]` is unwrapped first.
 */
import type { MessageOutcome } from './message-event.js';
import { netfilterStart, parseNetfilterMessage, stripKernelUptime } from './netfilter.js';
import { parsePamMessage } from './pam.js';
import { isLastMessageRepeated, isRepeatedMessage, unwrapRepeated } from './repeated.js';
import { isPamMessage, isSshdProgram, parseSshdMessage } from './sshd.js';

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
  if (text.startsWith('sshd', tagStart)) {
    if (tagLength === 4) return true;
    if (tagLength === 12 && text.startsWith('-session', tagStart + 4)) return true;
    if (tagLength === 9 && text.startsWith('-auth', tagStart + 4)) return true;
  }
  const c = text.charCodeAt(start);
  if (c === 112 || c === 80) return text.startsWith('pam_', start) || text.startsWith('PAM ', start);
  if (tagLength === 6 && text.startsWith('kernel', tagStart)) return text.indexOf('IN=', start) !== -1;
  return c === 109 && isRepeatedMessage(text, start);
}

/** Parses the message of a line tagged `tag`; null when it is not ours. */
export function parseProgramMessage(tag: string, msg: string): ProgramMessage | null {
  const sshd = isSshdProgram(tag);
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
  let count = 1;
  if (isRepeatedMessage(text)) {
    const repeated = unwrapRepeated(text);
    if (repeated === null) return sshd ? { family: 'sshd', outcome: 'unmatched', count } : null;
    text = repeated.inner;
    count = repeated.count;
  } else if (sshd && isLastMessageRepeated(text)) {
    return { family: 'sshd', outcome: 'ignored', count };
  }
  if (isPamMessage(text)) return { family: 'pam', outcome: parsePamMessage(text, sshd), count };
  if (sshd) return { family: 'sshd', outcome: parseSshdMessage(text), count };
  if (tag === 'kernel') {
    const kernel = stripKernelUptime(text);
    const start = netfilterStart(kernel);
    if (start === -1) return null;
    return { family: 'kernel', outcome: parseNetfilterMessage(kernel, start), count };
  }
  return null;
}
