/** `file`: tails one log file (see `file-tail.ts`), as a source plugin. */
import { z } from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import { tailFile } from './file-tail.js';
import type { SourceDefinition } from './source.js';

const schema = z.strictObject({
  /** The file to follow. */
  path: z.string().min(1).default('/var/log/auth.log'),
  /** Name stamped on lines and shown in the header; default: the path. */
  name: z.string().min(1).optional(),
});

export const fileSource: SourceDefinition<z.output<typeof schema>> = definePlugin({
  kind: 'source',
  id: 'file',
  configKey: 'file',
  description: 'follow a log file: appends, rotation, truncation; waits for a file that does not exist yet',
  schema,
  create(config, ctx) {
    const handle = tailFile(
      { path: config.path, name: config.name, fromStart: ctx.position === 'start' },
      (lines) => ctx.emit(lines),
      (s) => ctx.status(s),
    );
    return handle;
  },
});
