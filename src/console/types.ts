/**
 * The contract between the live console's edge (engine + sources + store + responder) and the Ink
 * UI. The UI reads `ConsoleStore.getState()` through `useSyncExternalStore`; the store notifies at
 * most ~10 times a second whatever the ingest rate. The UI never touches the engine directly: it
 * calls `actions`.
 */
import type { BlockPreview as LedgerPreview } from '../runtime/block-ledger-types.js';
import type { Alert, AlertStatus } from '../engine/model/alert.js';
import type { EngineSnapshot, FeedItem } from '../engine/snapshot/types.js';
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

/** One condition on the runtime's diagnostics channel (issue 6): counted, not repeated. */
export interface ConsoleDiagnostic {
  /** What it is about: `source`, `unparsed`, `store`, `intel`, `config`, … */
  kind: string;
  /** `error`: something stopped working; `warning`: it works, with a loss; `info`: a recovery, a count. */
  level: 'error' | 'warning' | 'info';
  /** One sentence. Escape before display. */
  message: string;
  /** Where: a source name, a `file:line`. Escape before display. */
  where?: string;
  /** Times it happened. */
  count: number;
  /** Wall-clock ms of the latest occurrence. */
  lastAt: number;
}

/** One host that sends events (issue 11: a fleet in one console). */
export interface HostStatus {
  /** Host name as logged. Escape before display. */
  name: string;
  /** Wall-clock ms of its latest event, or null. */
  lastEventAt: number | null;
  /** Its events per second over the last few seconds. */
  eventsPerSecond: number;
  /** Its open alerts (new or acknowledged). */
  openAlerts: number;
  /** It used to send and went quiet. */
  quiet: boolean;
}

/** Everything the store holds about one IP, beyond the alerts the console keeps in memory. */
export interface IpHistory {
  /** Every alert of this IP in the store, newest first. */
  alerts: readonly Alert[];
  /** Every block ever placed on this IP (ended ones included), oldest first. */
  blocks: readonly BlockRecord[];
}

/**
 * What a block of a target would do, the guard's verdict first (the runtime's ledger preview): the
 * dialog shows a refusal at once, and offers the /24 or /64 subnet beside an address.
 */
/** The ledger's preview, as the console sees it (without the offence count). */
export type BlockPreview = LedgerPreview extends infer P ? (P extends { ok: true } ? Omit<P, 'offences'> : P) : never;

/** Options of a block from the console. */
export interface BlockRequest {
  /** Duration; null = permanent; omitted = the backend's default. */
  seconds?: number | null;
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
  /**
   * The diagnostics channel (issue 6), newest last. Optional: without it the diagnostics view shows
   * the engine snapshot's diagnostics and the warnings.
   */
  diagnostics?: readonly ConsoleDiagnostic[];
  /** The hosts sending events (issue 11). Optional: the hosts view exists only when this does. */
  hosts?: readonly HostStatus[];
  /**
   * Set when the console may not change anything (`--readonly`, or the data directory is locked by
   * another process): the reason, shown in the header. Blocking and status keys then say why not.
   */
  readOnly?: { reason: string };
  /**
   * The latest events for the event log's scroll-back, oldest first, bounded (e.g. 5,000). Optional:
   * without it the log scrolls back through the snapshot's feed.
   */
  eventLog?: readonly FeedItem[];
  /**
   * Every block the runtime keeps (active, failed, expired, unblocked), oldest first, for the blocks
   * view. Optional: without it the blocks view lists `blocks`.
   */
  blockRecords?: readonly BlockRecord[];
}

export interface ConsoleActions {
  setStatus(alertId: string, status: AlertStatus): void;
  /** Blocks an address or a range (`opts.seconds`: null = permanent, omitted = the default). */
  block(ip: string, alertId: string | null, opts?: BlockRequest): Promise<ActionResult>;
  /**
   * What blocking `target` (an address or CIDR) would do, guard first. Synchronous. Optional: without
   * it the dialog asks without a verdict and offers no subnet.
   */
  previewBlock?(target: string): BlockPreview;
  unblock(ip: string): Promise<ActionResult>;
  /**
   * Everything the store holds about one IP (all its alerts, every block ever placed on it), for
   * the detail view's context. Synchronous and cheap enough to call on a render. Optional: without
   * it the detail shows what the console holds in memory and says so.
   */
  ipHistory?(ip: string): IpHistory;
  /** Flush the store and stop sources. The UI calls it once before exiting. */
  shutdown(): Promise<void>;
}

export interface ConsoleStore {
  subscribe(listener: () => void): () => void;
  getState(): ConsoleState;
  readonly actions: ConsoleActions;
}
