/** What `threatwatch-tui explain` shows about a line, filled by a tracing line parser. */

/** What `explain` shows about the line parsed last (filled only by a tracing parser). */
export interface LineTrace {
  /** The envelope family recognised (`rfc3164`, `busybox`, `journald-json`, …), or null. */
  envelope: string | null;
  /** Why the line has no event of ours when that is decided before the templates. */
  why: string | null;
  timestamp: string | null;
  host: string | null;
  tag: string | null;
  pid: number | null;
  /** The program's message as handed to the templates. */
  message: string | null;
  /** The program family (`sshd`, `pam`, `kernel`, `legacy`, `zeek`, `suricata`), or null. */
  family: string | null;
  /** The template that decided (`sshd.failed-password`, …), or null. */
  template: string | null;
}

export function createLineTrace(): LineTrace {
  return { envelope: null, why: null, timestamp: null, host: null, tag: null, pid: null, message: null, family: null, template: null };
}

export function resetTrace(t: LineTrace): void {
  t.envelope = null;
  t.why = null;
  t.timestamp = null;
  t.host = null;
  t.tag = null;
  t.pid = null;
  t.message = null;
  t.family = null;
  t.template = null;
}
