/**
 * The one diagnostics channel: source failures and recoveries, lines no parser recognised (counted
 * per source), store, intel, sink and responder warnings. The console shows the count in its header
 * and lists them in a diagnostics view; `watch` and `replay` print them on stderr as they come.
 * Bounded: the latest `max` entries are kept; repeats of the same message are folded into a count.
 */
import type { Diagnostic } from '../engine/snapshot/types.js';
import { withGetters } from '../engine/with-getters.js';

export interface DiagnosticEntry extends Diagnostic {
  /** Wall-clock ms of the latest occurrence. */
  at: number;
  /** Occurrences folded into this entry. */
  repeats: number;
}

/** Lines per source that reached no template: what the diagnostics view tallies. */
export interface SourceLineCounts {
  lines: number;
  /** Lines of known programs that matched no template. */
  unmatched: number;
  /** Lines without a recognised envelope, or of programs we do not parse (both kinds). */
  unknown: number;
  /** Lines with no recognised envelope at all (a format we do not read). */
  noEnvelope: number;
  /** Lines of programs we do not parse (cron, systemd…): normal. */
  otherProgram: number;
  /** Journal records refused by their trusted fields. */
  refused: number;
  /** Lines longer than 64 KiB, cut before parsing. */
  truncated: number;
}

export interface DiagnosticsChannel {
  push(d: Diagnostic): void;
  /** Latest entries, oldest first (same array until something changed). */
  list(): readonly DiagnosticEntry[];
  /** Entries pushed so far (folded repeats included). */
  readonly total: number;
  countLine(source: string, status: 'matched' | 'ignored' | 'unmatched' | 'unknown', truncated: boolean, reason?: 'no-envelope' | 'other-program' | 'refused'): void;
  perSource(): ReadonlyMap<string, SourceLineCounts>;
  /** Called for every push (watch/replay print to stderr). */
  onDiagnostic(listener: (d: DiagnosticEntry) => void): () => void;
  /** Called when the list or the counts changed (the console redraws). */
  onChange(listener: () => void): () => void;
}

export function createDiagnostics(opts: { max?: number; now?: () => number } = {}): DiagnosticsChannel {
  const max = Math.max(1, opts.max ?? 200);
  const now = opts.now ?? Date.now;
  let entries: DiagnosticEntry[] = [];
  let view: readonly DiagnosticEntry[] | null = null;
  let total = 0;
  const counts = new Map<string, SourceLineCounts>();
  const listeners = new Set<(d: DiagnosticEntry) => void>();
  const changeListeners = new Set<() => void>();
  const changed = (): void => {
    for (const l of changeListeners) l();
  };

  const api: Omit<DiagnosticsChannel, 'total'> = {
    push(d) {
      total++;
      const last = entries.at(-1);
      let entry: DiagnosticEntry;
      if (last !== undefined && last.kind === d.kind && last.message === d.message && last.source === d.source) {
        entry = { ...last, at: now(), repeats: last.repeats + 1, file: d.file, line: d.line };
        entries[entries.length - 1] = entry;
      } else {
        entry = { ...d, at: now(), repeats: 1 };
        entries.push(entry);
        if (entries.length > max) entries = entries.slice(entries.length - max);
      }
      view = null;
      for (const l of listeners) l(entry);
      changed();
    },
    list() {
      if (view === null) view = Object.freeze([...entries]);
      return view;
    },
    countLine(source, status, truncated, reason) {
      let c = counts.get(source);
      if (c === undefined) {
        if (counts.size >= 1000) return; // a runaway number of sources: stop tallying new ones
        c = { lines: 0, unmatched: 0, unknown: 0, noEnvelope: 0, otherProgram: 0, refused: 0, truncated: 0 };
        counts.set(source, c);
      }
      c.lines++;
      if (status === 'unmatched') c.unmatched++;
      else if (status === 'unknown') {
        c.unknown++;
        if (reason === 'other-program') c.otherProgram++;
        else if (reason === 'refused') c.refused++;
        else c.noEnvelope++;
      }
      if (truncated) c.truncated++;
      // A log in a format we do not read gives no events at all: say so once, early.
      if (c.lines === 200 && c.noEnvelope >= 180) {
        this.push({
          kind: 'unknown-line',
          level: 'warning',
          source,
          message: `${source}: ${c.noEnvelope} of its first ${c.lines} lines have no log envelope this version reads, so they give no events (threatwatch-tui explain LINE shows why)`,
        });
      }
    },
    perSource() {
      return counts;
    },
    onDiagnostic(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
  };
  // (a getter in the literal would make it a slow dictionary object, called per line)
  return withGetters(api, { total: (): number => total });
}
