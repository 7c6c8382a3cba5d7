/**
 * `webhook`: POSTs each newly raised alert of the chosen severities (and, with `onClose`, each one
 * that closes) as JSON to one URL: the `generic` body (`{version, change, alert, blockCommand}`) or a
 * Slack-compatible `{"text": …}`. Off until `url` is set.
 *
 * The pipeline only appends to a bounded queue (the oldest notification goes when it is full, and
 * the drop is a diagnostic); one delivery runs at a time with a timeout, retries with back-off and
 * jitter, and `Retry-After`. `flush()` waits for the queue up to `flushTimeoutMs`; `close()` waits
 * the same, then gives up what is left and says how many. Headers (an Authorization token) and the
 * URL's path, user info and query never appear in a diagnostic.
 */
import * as z from 'zod';
import { SEVERITIES, type Alert, type Severity } from '../../engine/model/alert.js';
import { definePlugin } from '../../engine/plugin.js';
import { terminalSafeTruncate } from '../../engine/text/terminal-safe.js';
import { createDeliveryQueue } from './delivery-queue.js';
import { validateSinkConfig } from './sink-config.js';
import type { Sink, SinkContext, SinkDefinition } from './sink.js';
import { webhookBody, type NotifiedChange } from './webhook-body.js';
import { deliverWithRetries, redactUrl, webhookTarget, type RetryHooks } from './webhook-post.js';

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** An HTTP token (RFC 9110), so a header name can't smuggle anything. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Visible text, spaces and tabs; no CR, LF or NUL (header injection). */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

const schema = z.strictObject({
  /** Where to POST (`http://` or `https://`); null = off. May carry a token: it is never shown. */
  url: z.string().refine(isHttpUrl, 'expected an http:// or https:// URL').nullable().default(null),
  /** `generic` JSON, or `slack` (`{"text": …}`) for Slack-compatible incoming webhooks. */
  format: z.enum(['generic', 'slack']).default('generic'),
  /** Severities that are sent. */
  severities: z.array(z.enum(SEVERITIES)).min(1).default(['HIGH', 'CRITICAL']),
  /** Also send when an alert of those severities closes. */
  onClose: z.boolean().default(false),
  /** Extra request headers, e.g. `{Authorization: "Bearer …"}`; never shown in diagnostics. */
  headers: z.record(z.string().regex(HEADER_NAME, 'expected a header name'), z.string().regex(HEADER_VALUE, 'expected one line of text')).default({}),
  /** One attempt's limit (ms). */
  timeoutMs: z.number().int().min(100).max(120_000).default(5000),
  /** Attempts after the first, on network errors, timeouts, 408, 429 and 5xx. */
  retries: z.number().int().min(0).max(10).default(4),
  /** First back-off (ms); doubles per attempt, with jitter. */
  backoffMs: z.number().int().min(1).default(500),
  /** Longest wait between attempts (ms); a longer `Retry-After` gives the notification up. */
  maxDelayMs: z.number().int().min(1).default(60_000),
  /** Notifications waiting at most; the oldest is dropped past it. */
  queueSize: z.number().int().min(1).max(100_000).default(100),
  /** How long `flush` and stopping wait for the queue (ms). */
  flushTimeoutMs: z.number().int().min(0).default(5000),
});

export type WebhookConfig = z.output<typeof schema>;

export interface WebhookStats {
  delivered: number;
  failed: number;
  dropped: number;
  pending: number;
}

export interface WebhookSink extends Sink {
  stats(): WebhookStats;
}

interface Notification {
  readonly body: string;
  /** `HIGH BRUTE_FORCE alert <id>`, for diagnostics. */
  readonly label: string;
}

/** The sink itself; `hooks` lets tests fix the jitter. */
export function createWebhookSink(config: WebhookConfig, ctx: SinkContext, hooks: RetryHooks = {}): WebhookSink {
  const stats = { delivered: 0, failed: 0 };
  if (config.url === null) {
    return { async flush() {}, async close() {}, stats: () => ({ ...stats, dropped: 0, pending: 0 }) };
  }
  const target = webhookTarget(config.url, config.headers, { timeoutMs: config.timeoutMs, retries: config.retries, backoffMs: config.backoffMs, maxDelayMs: config.maxDelayMs });
  const where = `webhook ${redactUrl(target.url)}`;
  const report = (level: 'error' | 'warning' | 'info', message: string): void => ctx.diagnostic({ kind: 'sink', level, source: where, message: `${where}: ${message}` });
  const severities = new Set<Severity>(config.severities);
  let failing = false;

  const queue = createDeliveryQueue<Notification>({
    capacity: config.queueSize,
    async deliver(n, signal) {
      const r = await deliverWithRetries(target, n.body, signal, { now: ctx.now, ...hooks });
      if (r.ok) {
        stats.delivered++;
        if (failing) report('info', 'delivering again');
        failing = false;
        return;
      }
      stats.failed++;
      failing = true;
      report('error', `gave up on notifying ${n.label} after ${r.attempts} attempt(s): ${r.reason}`);
    },
    onDropStart: () => report('warning', `queue full (${config.queueSize} waiting): dropping the oldest notifications`),
    onDropEnd: (n) => report('warning', `${n} notification(s) dropped while the queue was full`),
  });

  const notify = (alert: Alert, change: NotifiedChange): void => {
    const label = `${alert.severity} ${alert.rule} alert ${terminalSafeTruncate(alert.id, 120)}${change === 'closed' ? ' (closed)' : ''}`;
    queue.push({ body: webhookBody(config.format, alert, change), label });
  };

  return {
    onAlert(alert, change) {
      if (!severities.has(alert.severity)) return;
      if (change === 'raised') notify(alert, 'raised');
      else if (change === 'closed' && config.onClose) notify(alert, 'closed');
    },
    async flush() {
      if (!(await queue.idle(config.flushTimeoutMs))) report('warning', `${queue.pending} notification(s) still waiting after ${config.flushTimeoutMs} ms`);
    },
    async close() {
      const left = await queue.close(config.flushTimeoutMs);
      if (left > 0) report('error', `stopped with ${left} notification(s) undelivered after waiting ${config.flushTimeoutMs} ms`);
    },
    stats: () => ({ ...stats, dropped: queue.dropped, pending: queue.pending }),
  };
}

export const webhookSink: SinkDefinition<WebhookConfig> = definePlugin({
  kind: 'sink',
  id: 'webhook',
  configKey: 'webhook',
  description: 'POSTs new alerts of chosen severities as JSON (generic or Slack-compatible) to a URL, with retries; off until url is set',
  schema,
  create: (config, ctx) => createWebhookSink(validateSinkConfig(schema, config, 'webhook'), ctx),
});
