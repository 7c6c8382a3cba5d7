/**
 * `ndjson-alerts`: one JSON line per alert change on stdout, for `watch` and pipelines: when an
 * alert is raised, while it grows (at most once per `updateIntervalMs` of wall clock per alert, the
 * latest state), and when it closes. Each line is the alert with `"change"` added.
 */
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import { jsonLine } from '../../engine/format/json-line.js';
import type { Alert } from '../../engine/model/alert.js';
import type { SinkDefinition } from './sink.js';

const schema = z.strictObject({
  /** Growth of one alert is reported at most this often (ms). */
  updateIntervalMs: z.number().int().min(0).default(1000),
});

export const ndjsonAlertsSink: SinkDefinition<z.output<typeof schema>> = definePlugin({
  kind: 'sink',
  id: 'ndjson-alerts',
  configKey: 'ndjsonAlerts',
  description: 'alerts as NDJSON on stdout: raised, growing (at most once a second), closed',
  schema,
  create(config, ctx) {
    const lastWritten = new Map<string, number>();
    const pending = new Map<string, Alert>();
    let timer: NodeJS.Timeout | null = null;
    const write = (alert: Alert, change: string): void => {
      ctx.stdout.write(jsonLine({ change, ...alert }));
    };
    const drain = (): void => {
      timer = null;
      const now = ctx.now();
      for (const [id, alert] of pending) {
        if (now - (lastWritten.get(id) ?? 0) >= config.updateIntervalMs) {
          pending.delete(id);
          lastWritten.set(id, now);
          write(alert, 'updated');
        }
      }
      if (pending.size > 0) arm();
    };
    const arm = (): void => {
      if (timer !== null) return;
      timer = setTimeout(drain, Math.max(10, Math.min(config.updateIntervalMs, 250)));
      timer.unref();
    };
    return {
      onAlert(alert, change) {
        if (change === 'raised') {
          lastWritten.set(alert.id, ctx.now());
          write(alert, 'raised');
        } else if (change === 'updated') {
          pending.set(alert.id, alert);
          arm();
        } else if (change === 'closed') {
          pending.delete(alert.id);
          lastWritten.delete(alert.id);
          write(alert, 'closed');
        } else {
          write(alert, 'status');
        }
      },
      async flush() {
        for (const [id, alert] of pending) {
          pending.delete(id);
          write(alert, 'updated');
        }
      },
      async close() {
        if (timer !== null) clearTimeout(timer);
        timer = null;
        await this.flush();
      },
    };
  },
});
