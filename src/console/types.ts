/**
 * The contract between the live console's edge (engine + sources + store + responder) and the Ink
 * UI. The UI reads `ConsoleStore.getState()` through `useSyncExternalStore`; the store notifies at
 * most ~10 times a second whatever the ingest rate. The UI never touches the engine directly: it
 * calls `actions`.
 */
import type { AlertStatus } from '../engine/model/alert.js';
import type { EngineSnapshot } from '../engine/snapshot/types.js';
import type { ActionResult, BlockRecord } from '../engine/model/block.js';
import type { SourceState, SourceStatus } from '../engine/model/source-status.js';

export type { ActionResult, BlockRecord } from '../engine/model/block.js';
export type { SourceState, SourceStatus } from '../engine/model/source-status.js';

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
