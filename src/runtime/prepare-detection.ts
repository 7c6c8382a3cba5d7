/**
 * What every command that detects needs, built once from the command line and the config file:
 * validated config, the line parser (year inference and time zone), and the loaded intel feeds.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { defaultConfig, type Config } from '../config/schema.js';
import { createLineParser } from '../engine/parsers/index.js';
import type { LineParser, ParserOptions } from '../engine/parsers/types.js';
import { loadIntelFeeds } from '../plugins/intel/load-feeds.js';
import type { IntelIndex } from '../engine/enrichment/intel-index.js';
import { UsageError } from '../cli/errors.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import type { Io } from '../commands/io.js';

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
  /** Every intel feed file loaded (the shipped one first), for live reload. */
  feedPaths: string[];
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

/**
 * The config file used without `--config`: `$XDG_CONFIG_HOME/threatwatch/config.yaml` (else
 * `~/.config/threatwatch/config.yaml`; `.yml` and `.json` too), when it exists.
 */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  for (const name of ['config.yaml', 'config.yml', 'config.json']) {
    const p = join(base, 'threatwatch', name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** The config file that applies: `--config`, else the default location, else none. */
export function configPathFor(path: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  return path ?? defaultConfigPath(env);
}

async function readConfig(path: string | undefined): Promise<Config> {
  const file = configPathFor(path);
  if (file === null) return defaultConfig();
  const { loadConfig } = await import('../config/load-config.js');
  return loadConfig(file);
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
  const configFile = configPathFor(opts.config);
  const configDir = configFile ? dirname(resolve(configFile)) : process.cwd();
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
  return { config, parse: createLineParser(parserOptions), parserOptions, intel: feeds.index, feedPaths: feeds.files, warnings };
}
