/**
 * The contract between the headless runtime and the Ink UI (the console is a thin front end over
 * the runtime, like `watch`). The UI reads `ConsoleStore.getState()` through `useSyncExternalStore`; the store notifies at
 * most ~10 times a second whatever the ingest rate. The UI never touches the engine directly: it
 * calls `actions`.
 */
import type { AlertStatus } from '../engine/model/alert.js';
import type { EngineSnapshot } from '../engine/snapshot/types.js';
import type { ActionResult, BlockRecord } from '../engine/model/block.js';
import type { SourceState, SourceStatus } from '../engine/model/source-status.js';

export type { ActionResult, BlockRecord } from '../engine/model/block.js';
export type { SourceState, SourceStatus } from '../engine/model/source-status.js';
import type { DiagnosticEntry, SourceLineCounts } from '../runtime/diagnostics.js';
import type { HostInfo } from '../runtime/hosts.js';
export type { HostInfo } from '../runtime/hosts.js';
export type { DiagnosticEntry, SourceLineCounts } from '../runtime/diagnostics.js';

export interface ResponderInfo {
  /** Backend name shown in the confirmation dialog. */
  name: string;
  /** Block duration in seconds, or null for permanent. */
  durationSeconds: number | null;
  /** Whether blocking changes the system. */
  simulated: boolean;
}

export interface ConsoleState {
  snapshot: EngineSnapshot;
  sources: readonly SourceStatus[];
  /** Events per second over the last few seconds (wall clock). */
  eventsPerSecond: number;
  /** Wall-clock ms when the console started. */
  startedAt: number;
  /** Wall-clock ms of this state (drives the clock and uptime). */
  now: number;
  blocks: readonly BlockRecord[];
  /** Recoverable problems to show in a banner (corrupt store moved aside, source lost, …). */
  warnings: readonly string[];
  responder: ResponderInfo;
  /** The runtime's diagnostics (source failures and recoveries, unreadable lines, store and intel warnings), oldest first. */
  diagnostics?: readonly DiagnosticEntry[];
  /** Diagnostics raised since start (repeats included): the header's count. */
  diagnosticsCount?: number;
  /** Lines per source that no template or envelope recognised. */
  linesBySource?: ReadonlyMap<string, SourceLineCounts>;
  /** Started with `--readonly`: response actions are disabled and nothing is written. */
  readonly?: boolean;
  /** Logging hosts that reported (a fleet feeding one console), most recently heard-from first. */
  hosts?: readonly HostInfo[];
  /** Every block the ledger keeps (active, failed, expired, lifted), oldest first: the blocks view. */
  blockRecords?: readonly BlockRecord[];
}

export interface ConsoleActions {
  setStatus(alertId: string, status: AlertStatus): void;
  block(ip: string, alertId: string | null): Promise<ActionResult>;
  unblock(ip: string): Promise<ActionResult>;
  /** Flush the store and stop sources. The UI calls it once before exiting. */
  shutdown(): Promise<void>;
}

export interface ConsoleStore {
  subscribe(listener: () => void): () => void;
  getState(): ConsoleState;
  readonly actions: ConsoleActions;
}
