/**
 * Sink contract: where alerts (and, for some sinks, events) go besides the store: NDJSON on stdout
 * for `watch`, text for `replay`, a webhook, mail. Sinks are called synchronously from the pipeline
 * and must not block it: anything slow is queued (bounded) and drained asynchronously.
 */
import type { PluginDefinition } from '../../engine/plugin.js';
import type { Alert } from '../../engine/model/alert.js';
import type { SecurityEvent } from '../../engine/model/event.js';
import type { Diagnostic } from '../../engine/snapshot/types.js';

export type AlertChange = 'raised' | 'updated' | 'closed' | 'status';

export interface SinkContext {
  /** Where a sink writes when it writes to the terminal or a pipe. */
  readonly stdout: NodeJS.WritableStream;
  diagnostic(d: Diagnostic): void;
  /** Wall clock (ms). */
  now(): number;
}

export interface Sink {
  onAlert?(alert: Alert, change: AlertChange): void;
  onEvent?(event: SecurityEvent): void;
  /** Delivers what is queued. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export type SinkDefinition<C> = PluginDefinition<'sink', C, SinkContext, Sink>;
