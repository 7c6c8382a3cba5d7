/**
 * The config file schema (zod) and its defaults. Unknown keys are rejected at every level.
 *
 * `bruteForce.threshold` is the number of failed attempts *allowed* inside the window: with
 * threshold 5 and windowSeconds 60, the 6th attempt within 60 s raises an alert ("more than 5
 * failed attempts within 1 minute").
 */
import { z } from 'zod';
import { parseNetwork } from '../engine/enrichment/network.js';

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

export const configSchema = z.strictObject({
  bruteForce: z
    .strictObject({
      threshold: z.number().int().min(1).default(5),
      windowSeconds: z.number().positive().finite().default(60),
    })
    .prefault({}),
  /** IANA zone for log lines without one; unset = the machine's local zone. */
  timezone: z.string().refine(isTimeZone).optional(),
  /** Extra intel feed paths, relative to the config file. */
  intel: z.array(z.string().min(1)).default([]),
  /** IPs / CIDR networks never blocked. */
  allowlist: z.array(z.string().refine(isIpOrCidr)).default([]),
  responder: z
    .strictObject({
      backend: z.literal('simulate').default('simulate'),
      /** Block duration; 0 = permanent. */
      durationSeconds: z.number().int().min(0).default(3600),
    })
    .prefault({}),
  /** Where alerts.json lives, relative to the config file. Unset = $XDG_STATE_HOME/threatwatch. */
  dataDir: z.string().min(1).optional(),
  store: z
    .strictObject({
      maxAlerts: z.number().int().min(1).default(5000),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;

export function defaultConfig(): Config {
  return configSchema.parse({});
}

/** What each key expects, in words, for error messages (`N` stands for any list index). */
export const EXPECTATIONS: Record<string, string> = {
  '': 'a mapping of settings',
  bruteForce: 'a mapping with threshold and windowSeconds',
  'bruteForce.threshold': 'an integer ≥ 1',
  'bruteForce.windowSeconds': 'a number > 0',
  timezone: 'an IANA time zone such as UTC or Europe/Berlin',
  intel: 'a list of feed file paths',
  'intel.N': 'a feed file path',
  allowlist: 'a list of IP addresses or CIDR networks',
  'allowlist.N': 'an IP address or CIDR network',
  responder: 'a mapping with backend and durationSeconds',
  'responder.backend': '"simulate"',
  'responder.durationSeconds': 'an integer ≥ 0 (0 = permanent)',
  dataDir: 'a directory path',
  store: 'a mapping with maxAlerts',
  'store.maxAlerts': 'an integer ≥ 1',
};
