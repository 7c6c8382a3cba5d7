/**
 * `mail`: new alerts of the chosen severities by email through the system's `sendmail` interface
 * (`sendmail -t -oi`, as fail2ban's mail actions), one message per alert or, with `digestMinutes`,
 * one digest every N minutes. Each message has the severity, rule and subject in its Subject, and the
 * summary, users, escaped evidence lines and the exact `threatwatch-tui block IP` command in its body
 * (see `mail-message.ts` for why no header can be injected). Off until `to` is set.
 *
 * The pipeline only appends to a bounded queue; one sendmail runs at a time. A failure is a `sink`
 * diagnostic with sendmail's own words (and an info one when mail goes through again). `flush()`
 * sends a pending digest and waits for the queue up to `flushTimeoutMs`; `close()` does the same and
 * gives up what is left, saying how many.
 */
import * as z from 'zod';
import { SEVERITIES, type Alert, type Severity } from '../../engine/model/alert.js';
import { definePlugin } from '../../engine/plugin.js';
import { terminalSafeTruncate } from '../../engine/text/terminal-safe.js';
import { createDeliveryQueue } from './delivery-queue.js';
import { alertMessage, digestMessage, type MessageOptions } from './mail-message.js';
import { sendmail } from './sendmail.js';
import { validateSinkConfig } from './sink-config.js';
import type { Sink, SinkContext, SinkDefinition } from './sink.js';

/** `local@domain` or a bare local user (`root`): no spaces, quotes, brackets, commas or controls; never an option. */
const ADDRESS = /^(?!-)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}(@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)?$/;
const address = z.string().regex(ADDRESS, 'expected a mail address such as root@localhost');

const schema = z.strictObject({
  /** Recipients (one address or a list); none = off. */
  to: z.union([address.transform((a) => [a]), z.array(address).max(50)]).default([]),
  /** Sender address (From and the envelope's `-f`); null = sendmail's default for the user. */
  from: address.nullable().default(null),
  /** Severities that are mailed. */
  severities: z.array(z.enum(SEVERITIES)).min(1).default(['HIGH', 'CRITICAL']),
  /** 0 = one message per alert; N = one digest every N minutes. */
  digestMinutes: z.number().int().min(0).max(1440).default(0),
  /** Printable ASCII put before every Subject. */
  subjectPrefix: z.string().max(40).regex(/^[\x20-\x7e]*$/, 'expected printable ASCII').default('[threatwatch]'),
  /** The sendmail program and any arguments of its own; `-t -oi` (and `-f from`) are added. */
  sendmail: z.array(z.string().min(1)).min(1).default(['sendmail']),
  /** One sendmail run's limit (ms). */
  timeoutMs: z.number().int().min(1000).max(300_000).default(30_000),
  /** Messages waiting (or alerts kept for the digest) at most; the oldest go past it. */
  queueSize: z.number().int().min(1).max(10_000).default(100),
  /** How long `flush` and stopping wait for the queue (ms). */
  flushTimeoutMs: z.number().int().min(0).default(15_000),
  /** Evidence lines per alert. */
  maxEvidenceLines: z.number().int().min(0).max(20).default(20),
  /** Body lines longer than this are cut (characters; SMTP allows 998 bytes). */
  maxLineLength: z.number().int().min(40).max(300).default(200),
});

export type MailConfig = z.output<typeof schema>;

export interface MailStats {
  sent: number;
  failed: number;
  dropped: number;
  pending: number;
}

export interface MailSink extends Sink {
  stats(): MailStats;
}

interface Outgoing {
  readonly message: string;
  /** `the HIGH BRUTE_FORCE alert <id>` / `a digest of 3 alerts`, for diagnostics. */
  readonly label: string;
}

export function createMailSink(config: MailConfig, ctx: SinkContext): MailSink {
  const stats = { sent: 0, failed: 0 };
  if (config.to.length === 0) return { async flush() {}, async close() {}, stats: () => ({ ...stats, dropped: 0, pending: 0 }) };
  const argv = [...config.sendmail, '-t', '-oi', ...(config.from !== null ? ['-f', config.from] : [])];
  const opts: MessageOptions = config;
  const severities = new Set<Severity>(config.severities);
  const report = (level: 'error' | 'warning' | 'info', message: string): void => ctx.diagnostic({ kind: 'sink', level, source: 'mail', message: `mail: ${message}` });
  let failing = false;

  const queue = createDeliveryQueue<Outgoing>({
    capacity: config.queueSize,
    async deliver(m, signal) {
      const r = await sendmail(argv, m.message, { timeoutMs: config.timeoutMs, signal });
      if (r.ok) {
        stats.sent++;
        if (failing) report('info', 'sending again');
        failing = false;
        return;
      }
      stats.failed++;
      failing = true;
      report('error', `could not send ${m.label}: ${r.error}`);
    },
    onDropStart: () => report('warning', `queue full (${config.queueSize} waiting): dropping the oldest messages`),
    onDropEnd: (n) => report('warning', `${n} message(s) dropped while the queue was full`),
  });

  // Digest: alerts kept until the next tick (bounded, the oldest dropped and counted in the digest).
  const digest: Alert[] = [];
  let digestDropped = 0;
  const sendDigest = (): void => {
    if (digest.length === 0) return;
    const alerts = digest.splice(0);
    const total = alerts.length + digestDropped;
    queue.push({ message: digestMessage(opts, alerts, digestDropped, ctx.now()), label: `a digest of ${total} alert(s)` });
    digestDropped = 0;
  };
  const timer = config.digestMinutes > 0 ? setInterval(sendDigest, config.digestMinutes * 60_000) : null;
  timer?.unref();

  return {
    onAlert(alert, change) {
      if (change !== 'raised' || !severities.has(alert.severity)) return;
      if (timer === null) {
        const label = `the ${alert.severity} ${alert.rule} alert ${terminalSafeTruncate(alert.id, 120)}`;
        queue.push({ message: alertMessage(opts, alert, ctx.now()), label });
        return;
      }
      if (digest.length >= config.queueSize) {
        digest.shift();
        digestDropped++;
      }
      digest.push(alert);
    },
    async flush() {
      sendDigest();
      if (!(await queue.idle(config.flushTimeoutMs))) report('warning', `${queue.pending} message(s) still waiting after ${config.flushTimeoutMs} ms`);
    },
    async close() {
      if (timer !== null) clearInterval(timer);
      sendDigest();
      const left = await queue.close(config.flushTimeoutMs);
      if (left > 0) report('error', `stopped with ${left} message(s) unsent after waiting ${config.flushTimeoutMs} ms`);
    },
    stats: () => ({ ...stats, dropped: queue.dropped, pending: queue.pending }),
  };
}

export const mailSink: SinkDefinition<MailConfig> = definePlugin({
  kind: 'sink',
  id: 'mail',
  configKey: 'mail',
  description: 'emails new alerts of chosen severities through sendmail, one per alert or a digest every N minutes; off until to is set',
  schema,
  create: (config, ctx) => createMailSink(validateSinkConfig(schema, config, 'mail'), ctx),
});
