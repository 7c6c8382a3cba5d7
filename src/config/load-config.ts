/**
 * Reads and validates the config file. JSON or YAML, chosen by extension (`.json`, `.yaml`/`.yml`);
 * any other extension (`.conf`, none) is JSON when the text starts with `{`, YAML otherwise.
 * Relative `intel` paths and `dataDir` are resolved against the config file's directory.
 * Every problem is reported at once in a `ConfigError` naming the file and each key path.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type * as z from 'zod';
import { configSchema, EXPECTATIONS, type Config } from './schema.js';

export { defaultConfig, configSchema, type Config } from './schema.js';

export class ConfigError extends Error {
  readonly file: string;
  readonly issues: readonly string[];
  constructor(file: string, issues: readonly string[]) {
    super(issues.length === 1 ? `Invalid config ${file}: ${issues[0] as string}` : `Invalid config ${file}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}

/** "an integer ≥ 1", "a number > 0", "one of \"LOW\", \"HIGH\"": what a schema check wanted, in words. */
function expectedFromIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const words: Record<string, string> = { int: 'an integer', number: 'a number', boolean: 'true or false', string: 'text', array: 'a list', object: 'a mapping' };
      return words[issue.expected] ?? issue.expected;
    }
    case 'too_small':
      return `${issue.origin === 'number' ? 'a number' : 'a value'} ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.origin === 'number' ? 'a number' : 'a value'} ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return issue.values.map((v) => JSON.stringify(v)).join(' or ');
    default:
      return issue.message;
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function formatIssue(issue: z.core.$ZodIssue, input: unknown): string[] {
  const path = issue.path.map(String);
  const where = path.join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${where === '' ? '' : `${where}.`}${k}: unknown key`);
  }
  const generic = path.map((p) => (/^\d+$/.test(p) ? 'N' : p)).join('.');
  const expected = EXPECTATIONS[generic] ?? expectedFromIssue(issue);
  return [`${where === '' ? '(top level)' : where}: expected ${expected}, got ${describeValue(valueAt(input, issue.path))}`];
}

/** Validates parsed data; `file` names the source in errors. Paths stay as written. */
export function validateConfig(input: unknown, file: string): Config {
  const data = input === null || input === undefined ? {} : input;
  const result = configSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap((i) => formatIssue(i, data));
  throw new ConfigError(file, issues);
}

/** The YAML parser, loaded on first use: a JSON config (or none) does not pay for loading it. */
let yamlParse: ((text: string) => unknown) | null = null;
function parseYaml(text: string): unknown {
  yamlParse ??= (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse;
  return yamlParse(text);
}

/** Parses config text (format by extension, see above) and validates it. */
export function parseConfigText(text: string, file: string): Config {
  const ext = extname(file).toLowerCase();
  const json = ext === '.json' || (ext !== '.yaml' && ext !== '.yml' && text.trimStart().startsWith('{'));
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0] ?? 'syntax error';
    throw new ConfigError(file, [`not valid ${json ? 'JSON' : 'YAML'}: ${msg}`]);
  }
  return validateConfig(data, file);
}

/** Reads, parses and validates the config file; relative paths become relative to its directory. */
export async function loadConfig(path: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(path, [code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`]);
  }
  const config = parseConfigText(text, path);
  const dir = dirname(resolve(path));
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(dir, p));
  config.intel = config.intel.map(abs);
  if (config.dataDir !== undefined) config.dataDir = abs(config.dataDir);
  return config;
}
