/**
 * What every command that detects needs, built once from the command line and the config file:
 * validated config, the line parser (year inference and time zone), and the loaded intel feeds.
 */
import { dirname, resolve } from 'node:path';
import { defaultConfig, type Config } from '../config/schema.js';
import { createLineParser } from '../engine/parsers/index.js';
import type { LineParser, ParserOptions } from '../engine/parsers/types.js';
import { loadIntelFeeds } from '../plugins/intel/load-feeds.js';
import type { IntelIndex } from '../engine/enrichment/intel-index.js';
import { UsageError } from '../cli/errors.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import type { Io } from './io.js';

export interface DetectionOptions {
  /** Config file path. */
  config?: string;
  /** Extra intel feed paths (`--intel`, repeatable). */
  intel?: string[];
  /** IANA zone for lines without one. */
  timezone?: string;
}

export interface Detection {
  config: Config;
  parse: LineParser;
  parserOptions: ParserOptions;
  intel: IntelIndex;
  /** Recoverable problems to surface (bad intel rows…). */
  warnings: string[];
}

export function validateTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    throw new UsageError(`--timezone: unknown time zone "${zone}" (use an IANA name such as UTC or Europe/Berlin)`);
  }
}

async function readConfig(path: string | undefined): Promise<Config> {
  if (!path) return defaultConfig();
  const { loadConfig } = await import('../config/load-config.js');
  return loadConfig(path);
}

export async function resolveTimeZone(opts: { timezone?: string; config?: string }): Promise<string | undefined> {
  if (opts.timezone) return validateTimeZone(opts.timezone);
  const cfg = await readConfig(opts.config);
  return cfg.timezone ?? undefined;
}

export async function prepareDetection(opts: DetectionOptions, io: Io, now: number): Promise<Detection> {
  const config = await readConfig(opts.config);
  const timeZone = opts.timezone ? validateTimeZone(opts.timezone) : (config.timezone ?? undefined);
  const parserOptions: ParserOptions = { now, timeZone };
  const configDir = opts.config ? dirname(resolve(opts.config)) : process.cwd();
  const feedPaths = [...config.intel.map((p) => resolve(configDir, p)), ...(opts.intel ?? [])];
  const feeds = await loadIntelFeeds(feedPaths);
  const warnings: string[] = [];
  for (const d of feeds.diagnostics) {
    const place = d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : '';
    const where = d.message.startsWith(place) ? '' : place;
    // Feed rows are third-party text: escape them like log text before they reach the terminal.
    io.stderr.write(`warning: ${terminalSafe(where + d.message)}\n`);
  }
  if (feeds.diagnostics.length > 0) warnings.push(`${feeds.diagnostics.length} intel feed row(s) skipped (see stderr)`);
  return { config, parse: createLineParser(parserOptions), parserOptions, intel: feeds.index, warnings };
}
