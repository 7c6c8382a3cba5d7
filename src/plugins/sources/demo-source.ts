/** `demo`: built-in simulated traffic, written to a temporary log that the file source tails. */
import { z } from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import { startDemo } from './demo.js';
import { tailFile } from './file-tail.js';
import type { SourceDefinition } from './source.js';

const schema = z.strictObject({
  /** Mean lines per second. */
  rate: z.number().positive().default(15),
  /** Same seed, same traffic; default random. */
  seed: z.number().int().min(0).optional(),
});

export const demoSource: SourceDefinition<z.output<typeof schema>> = definePlugin({
  kind: 'source',
  id: 'demo',
  configKey: 'demo',
  description: 'built-in simulated traffic (logins, noise, attacks) tailed like a real log',
  schema,
  create(config, ctx) {
    const demo = startDemo({ rate: config.rate, seed: config.seed });
    const tail = tailFile({ path: demo.path, fromStart: true, name: 'demo' }, (lines) => ctx.emit(lines), (s) => ctx.status(s));
    return {
      get status() {
        return tail.status;
      },
      async close() {
        await tail.close();
        await demo.stop();
      },
    };
  },
});
