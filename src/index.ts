/**
 * The package's public surface (the package's `main`): parse lines into normalized events, detect,
 * enrich and build alerts, UI-agnostic. The CLI and the console are built on exactly this.
 */
export { createEngine } from './engine/engine.js';
export type { AlertChange, AlertListener, Engine, EngineOptions, EngineStats, LineListener } from './engine/engine.js';
export { createLineParser, MAX_LINE_LENGTH } from './engine/parsers/index.js';
export type { LineParser, LineStatus, ParseResult, ParserOptions } from './engine/parsers/index.js';
export { EVENT_TYPES, toPublicEvent } from './engine/model/event.js';
export type { AttemptWeight, EventType, PublicEvent, RawLine, SecurityEvent } from './engine/model/event.js';
export { ALERT_STATUSES, SEVERITIES } from './engine/model/alert.js';
export type { Alert, AlertStatus, Evidence, IntelMatch, Severity, StatusChange } from './engine/model/alert.js';
export type { EngineSnapshot, FeedItem, TimelineBucket, Counters, Diagnostic } from './engine/snapshot/types.js';
export { buildIntelIndex, emptyIntelIndex } from './engine/enrichment/intel-index.js';
export type { IntelIndex } from './engine/enrichment/intel-index.js';
export { loadIntelFeeds } from './plugins/intel/load-feeds.js';
export { openAlertStore, defaultDataDir } from './runtime/store/alert-store.js';
export type { AlertStore } from './runtime/store/alert-store.js';
export { normalizeIp } from './engine/net/ip.js';
export { terminalSafe } from './engine/text/terminal-safe.js';
