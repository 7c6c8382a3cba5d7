/** `ndjson-events`: every parsed event as one JSON line on stdout (the same fields as `parse`). */
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import { jsonLine } from '../../engine/format/json-line.js';
import { toPublicEvent } from '../../engine/model/event.js';
import type { SinkDefinition } from './sink.js';

const schema = z.strictObject({});

export const ndjsonEventsSink: SinkDefinition<z.output<typeof schema>> = definePlugin({
  kind: 'sink',
  id: 'ndjson-events',
  configKey: 'ndjsonEvents',
  description: 'every parsed event as NDJSON on stdout, the fields of `parse`',
  schema,
  create(_config, ctx) {
    return {
      onEvent(event) {
        ctx.stdout.write(jsonLine(toPublicEvent(event)));
      },
      async flush() {},
      async close() {},
    };
  },
});
