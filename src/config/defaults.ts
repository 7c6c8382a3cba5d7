/**
 * The configuration used when no `--config` is given, as a plain object: commands that need no
 * config file don't load zod and yaml at start-up. Must equal the schema's defaults
 * (tests/config/defaults.test.ts checks it).
 */
import type { Config } from './schema.js';

export function plainDefaultConfig(): Config {
  return {
    bruteForce: { threshold: 5, windowSeconds: 60 },
    intel: [],
    allowlist: [],
    responder: { backend: 'simulate', durationSeconds: 3600 },
    store: { maxAlerts: 5000 },
  };
}
