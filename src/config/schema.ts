/**
 * The config file schema, assembled from the catalogue: each rule, source, parser, sink and
 * responder contributes its own section with its own defaults (written once, in its file). Unknown
 * keys are rejected at every level.
 *
 * `rules.bruteForce.threshold` is the number of failed attempts *allowed* inside the window: with
 * threshold 5 and windowSeconds 60, the 6th attempt within 60 s raises an alert. The top-level
 * `bruteForce` section of earlier versions is still read, as `rules.bruteForce`.
 */
import * as z from 'zod';
import { catalogue } from '../catalogue.js';
import { parseNetwork } from '../engine/enrichment/network.js';
import { autoBlockSchema } from '../runtime/auto-block.js';
import { banIncrementSchema } from '../runtime/ban-increment.js';

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function isIpOrCidr(text: string): boolean {
  return typeof parseNetwork(text.trim()) !== 'string';
}

interface Sectioned {
  readonly configKey: string;
  readonly schema: z.ZodType;
}

/** One strict object with a key per plugin, each defaulting to that plugin's defaults. */
function section(defs: readonly Sectioned[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const d of defs) shape[d.configKey] = (d.schema as z.ZodType<unknown, object>).prefault({});
  return z.strictObject(shape).prefault({});
}

const responderIds = catalogue.responders.map((r) => r.id) as [string, ...string[]];

const baseSchema = z.strictObject({
  rules: section(catalogue.rules),
  /** Earlier versions' place for the BRUTE_FORCE settings; merged into `rules.bruteForce`. */
  bruteForce: z
    .strictObject({
      threshold: z.number().int().min(1).optional(),
      windowSeconds: z.number().positive().finite().optional(),
    })
    .optional(),
  /** IANA zone for log lines without one; unset = the machine's local zone. */
  timezone: z.string().refine(isTimeZone).optional(),
  /** Extra intel feed paths, relative to the config file. */
  intel: z.array(z.string().min(1)).default([]),
  /** IPs / CIDR networks never blocked. */
  allowlist: z.array(z.string().refine(isIpOrCidr)).default([]),
  responder: z
    .strictObject({
      backend: z.enum(responderIds).default('simulate'),
      /** Block duration; 0 = permanent. */
      durationSeconds: z.number().int().min(0).default(3600),
      /** Longer bans for repeat offenders (fail2ban's bantime.increment): off by default. */
      increment: banIncrementSchema.prefault({}),
      /** Blocking without the analyst, for chosen rules and severities: off by default. */
      autoBlock: autoBlockSchema.prefault({}),
    })
    .prefault({}),
  responders: section(catalogue.responders),
  sources: section(catalogue.sources),
  parsers: section(catalogue.parsers),
  sinks: section(catalogue.sinks),
  /** Where alerts.json lives, relative to the config file. Unset = $XDG_STATE_HOME/threatwatch. */
  dataDir: z.string().min(1).optional(),
  store: z
    .strictObject({
      maxAlerts: z.number().int().min(1).default(5000),
    })
    .prefault({}),
  /** The live console's own settings. */
  console: z
    .strictObject({
      /** Click a row to select it, the wheel to scroll (as `--mouse`; `--no-mouse` overrides). */
      mouse: z.boolean().default(false),
    })
    .prefault({}),
});

export const configSchema = baseSchema.transform((c) => {
  const { bruteForce, ...rest } = c;
  if (bruteForce !== undefined) {
    const defined = Object.fromEntries(Object.entries(bruteForce).filter(([, v]) => v !== undefined));
    rest.rules = { ...rest.rules, bruteForce: { ...(rest.rules.bruteForce as object), ...defined } };
  }
  return rest;
});

export type Config = z.output<typeof configSchema>;

export function defaultConfig(): Config {
  return configSchema.parse({});
}

/** What some keys expect, in words, for error messages (`N` stands for any list index); the rest is derived from the schema. */
export const EXPECTATIONS: Record<string, string> = {
  '': 'a mapping of settings',
  bruteForce: 'a mapping with threshold and windowSeconds',
  'bruteForce.threshold': 'an integer ≥ 1',
  'bruteForce.windowSeconds': 'a number > 0',
  'rules.bruteForce.threshold': 'an integer ≥ 1',
  'rules.bruteForce.windowSeconds': 'a number > 0',
  timezone: 'an IANA time zone such as UTC or Europe/Berlin',
  intel: 'a list of feed file paths',
  'intel.N': 'a feed file path',
  allowlist: 'a list of IP addresses or CIDR networks',
  'allowlist.N': 'an IP address or CIDR network',
  responder: 'a mapping with backend, durationSeconds, increment and autoBlock',
  'responder.backend': responderIds.map((id) => JSON.stringify(id)).join(' or '),
  'responder.durationSeconds': 'an integer ≥ 0 (0 = permanent)',
  dataDir: 'a directory path',
  store: 'a mapping with maxAlerts',
  'store.maxAlerts': 'an integer ≥ 1',
  console: 'a mapping with mouse',
  'console.mouse': 'true or false',
};
