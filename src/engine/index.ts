/**
 * The engine's public surface (the package's `main`): parse lines into normalized events, detect,
 * enrich and build alerts, UI-agnostic. The CLI and the console are built on exactly this.
 */
export { createEngine } from './engine.js';
export type { AlertChange, AlertListener, Engine, EngineOptions, EngineStats, LineListener } from './engine.js';
export { createLineParser, MAX_LINE_LENGTH } from './parsers/index.js';
export type { LineParser, LineStatus, ParseResult, ParserOptions } from './parsers/index.js';
export { EVENT_TYPES, toPublicEvent } from './model/event.js';
export type { AttemptWeight, EventType, PublicEvent, RawLine, SecurityEvent } from './model/event.js';
export { ALERT_STATUSES, SEVERITIES } from './model/alert.js';
export type { Alert, AlertStatus, Evidence, IntelMatch, Severity, StatusChange } from './model/alert.js';
export type { EngineSnapshot, FeedItem, TimelineBucket, Counters, Diagnostic } from './snapshot/types.js';
export { buildIntelIndex, emptyIntelIndex } from './enrichment/intel-index.js';
export type { IntelIndex } from './enrichment/intel-index.js';
export { loadIntelFeeds } from './intel-feeds/load-feeds.js';
export { openAlertStore, defaultDataDir } from './sinks/alert-store.js';
export type { AlertStore } from './sinks/alert-store.js';
export { normalizeIp } from './net/ip.js';
export { terminalSafe } from './text/terminal-safe.js';
