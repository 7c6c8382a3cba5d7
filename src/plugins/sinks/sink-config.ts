/**
 * Sinks re-validate the config they are created with: the runtime merges the config file's section
 * (already validated) with settings from the command line (`--webhook URL`), which are not. A bad
 * value is a `ConfigError` (exit code 2) naming the key and what it expects, never the value, since
 * the value may be a webhook token or an Authorization header.
 */
import type * as z from 'zod';

export class SinkConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function validateSinkConfig<C>(schema: z.ZodType<C>, raw: unknown, configKey: string): C {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `sinks.${[configKey, ...i.path.map(String)].join('.')}: ${i.message}`);
  throw new SinkConfigError(issues.join('; '));
}
