/** Every sink, in one list (the catalogue takes it from here). Each entry is one file. */
import { mailSink } from './mail.js';
import { ndjsonAlertsSink } from './ndjson-alerts.js';
import { ndjsonEventsSink } from './ndjson-events.js';
import type { SinkDefinition } from './sink.js';
import { webhookSink } from './webhook.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each sink has its own config type
export const sinks: readonly SinkDefinition<any>[] = [ndjsonAlertsSink, ndjsonEventsSink, webhookSink, mailSink];
export type { Sink, SinkContext, SinkDefinition, AlertChange } from './sink.js';
