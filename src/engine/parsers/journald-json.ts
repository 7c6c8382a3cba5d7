/**
 * systemd-journald `journalctl -o json` records (log-formats.md §2.8). Values are strings, except:
 * a byte array (0–255) for text that is not valid UTF-8 or holds control characters (decoded as
 * UTF-8 with U+FFFD replacement), null for oversized fields, and an array of values for repeated
 * fields (the first is taken).
 *
 * Trust (`journalRecordTrusted`): `SYSLOG_IDENTIFIER` is whatever the sender wrote (`logger -t sshd`
 * works for any local user); journald's own fields (`_UID`, `_COMM`, `_SYSTEMD_UNIT`, `_TRANSPORT`)
 * cannot be forged. sshd-family records are taken only when those say sshd, kernel records only
 * from the kernel transport.
 */
import { isSshdProgram } from './sshd.js';

export interface JournalEntry {
  /** ms since the epoch, or null when the record has no usable timestamp. */
  time: number | null;
  host: string | null;
  tag: string | null;
  pid: number | null;
  message: string | null;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

function decodeBytes(values: readonly unknown[]): string | null {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) return null;
    bytes[i] = v;
  }
  return decoder.decode(bytes);
}

/** A journal field as text: string, byte array, or the first of several values. */
export function journalField(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value) || value.length === 0) return null;
  if (typeof value[0] === 'number') return decodeBytes(value);
  const first: unknown = value[0];
  if (typeof first === 'string') return first;
  if (Array.isArray(first) && (first.length === 0 || typeof first[0] === 'number')) return decodeBytes(first);
  return null;
}

function micros(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? Math.floor(value / 1000) : null;
  const text = journalField(value);
  if (text === null || !/^\d{1,17}$/.test(text)) return null;
  return Math.floor(Number(text) / 1000);
}

function pid(value: unknown): number | null {
  const text = journalField(value);
  if (text === null || !/^\d{1,10}$/.test(text)) return null;
  const n = Number(text);
  return n <= 4_294_967_295 ? n : null;
}

/** True when a parsed JSON object looks like a journal record. */
export function isJournalRecord(obj: Record<string, unknown>): boolean {
  return 'MESSAGE' in obj || '__REALTIME_TIMESTAMP' in obj;
}

export function readJournalEntry(obj: Record<string, unknown>): JournalEntry {
  return {
    // The sender's own time when it gave one (what journalctl shows), else the time of receipt.
    time: micros(obj['_SOURCE_REALTIME_TIMESTAMP']) ?? micros(obj['__REALTIME_TIMESTAMP']),
    host: journalField(obj['_HOSTNAME']),
    tag: journalField(obj['SYSLOG_IDENTIFIER']) ?? journalField(obj['_COMM']),
    pid: pid(obj['SYSLOG_PID']) ?? pid(obj['_PID']),
    message: journalField(obj['MESSAGE']),
  };
}

const SSHD_COMMS = new Set(['sshd', 'sshd-session', 'sshd-auth']);
/** `ssh.service`, `sshd.service`, and the per-connection units of socket activation (`sshd@3-….service`). */
const SSH_UNIT = /^sshd?(?:@[^/]*)?\.service$/;

/**
 * True when the record's trusted fields back the program its tag names: for the sshd family
 * (`sshd`, `sshd-session`, `sshd-auth`, `sshd(pam_…)`) `_UID=0` and `_COMM` in the family or
 * `_SYSTEMD_UNIT` the ssh unit; for `kernel` `_TRANSPORT=kernel`. Other programs are not checked.
 */
export function journalRecordTrusted(obj: Record<string, unknown>, tag: string): boolean {
  if (tag === 'kernel') return journalField(obj['_TRANSPORT']) === 'kernel';
  const open = tag.indexOf('(');
  if (!isSshdProgram(open === -1 ? tag : tag.slice(0, open))) return true;
  if (journalField(obj['_UID']) !== '0') return false;
  const comm = journalField(obj['_COMM']);
  if (comm !== null && SSHD_COMMS.has(comm)) return true;
  const unit = journalField(obj['_SYSTEMD_UNIT']);
  return unit !== null && SSH_UNIT.test(unit);
}
