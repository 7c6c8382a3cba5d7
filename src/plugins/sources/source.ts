/**
 * Source contract. A source reads lines from somewhere (a file, the journal, a syslog socket, stdin,
 * the demo) and hands them to the runtime in order; the runtime parses and detects synchronously
 * inside `emit`, so when `emit` returns the lines are processed and a checkpoint covering them may be
 * saved. Sources never parse, never detect and never write the data directory themselves.
 */
import type { PluginDefinition } from '../../engine/plugin.js';
import type { Diagnostic } from '../../engine/snapshot/types.js';
import type { RawLine } from '../../engine/model/event.js';
import type { SourceStatus } from '../../engine/model/source-status.js';

export interface SourceContext {
  /** Hands complete lines to the pipeline (processed before it returns). */
  emit(lines: RawLine[]): void;
  /** New state for the header (`tailing`, `waiting for file`, `permission denied`…). */
  status(s: SourceStatus): void;
  /** Failures and recoveries, refused records: one diagnostics channel. */
  diagnostic(d: Diagnostic): void;
  /** The checkpoint this source saved last time for `key` (file offsets, journal cursor), or null. */
  checkpoint(key: string): unknown;
  /**
   * Saves a checkpoint for `key`, covering every line emitted so far; written with the store's
   * batch. Call it once right after opening, before emitting anything (the start position: the
   * runtime may resume a later run from there to rebuild its windows), then after each emit. The
   * value is opaque JSON to the runtime, except a numeric `line`: the last line number covered.
   */
  saveCheckpoint(key: string, value: unknown): void;
  /** `--from-start` / `--from-end` override a saved checkpoint; `auto` resumes from it. */
  readonly position: 'auto' | 'start' | 'end';
  /** Wall clock (ms), for sources that must stamp lines that carry no time. */
  now(): number;
}

export interface SourceHandle {
  readonly status: SourceStatus;
  /** Resolves when a finite source (stdin, a replayed file) has emitted everything. */
  readonly done?: Promise<void>;
  close(): Promise<void>;
}

export type SourceDefinition<C> = PluginDefinition<'source', C, SourceContext, SourceHandle>;
