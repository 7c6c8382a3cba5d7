/**
 * The one contract every plugin kind shares: an id, a config schema whose defaults are written once
 * (in the schema), and a factory. Sources, parsers, rules, sinks and responders each narrow it with
 * their own context and product; the catalogue (`src/catalogue.ts`) lists them all, and the config
 * file schema and `threatwatch-tui config` output are assembled from it.
 */
import * as z from 'zod';

// Schemas are parsed a handful of times per run (each plugin's defaults here, then the config
// file): zod's JIT, which compiles a parser per object schema with `new Function` on first use,
// costs more start-up time than it saves. Set here, before any plugin is defined.
z.config({ jitless: true });

export type PluginKind = 'source' | 'parser' | 'rule' | 'sink' | 'responder';

export interface PluginDefinition<K extends PluginKind, C, Ctx, T> {
  readonly kind: K;
  /** Stable id: `BRUTE_FORCE`, `file`, `nftables`, `ndjson`… */
  readonly id: string;
  /** The key of this plugin's section in the config file (`rules.bruteForce`, `responders.nftables`…). */
  readonly configKey: string;
  /** One line for `--help`, `config` and the README. */
  readonly description: string;
  /** Strict object schema; every key has its default here and nowhere else. */
  readonly schema: z.ZodType<C>;
  /** `schema.parse({})`: the defaults, derived. */
  readonly defaults: C;
  create(config: C, ctx: Ctx): T;
}

type Spec<K extends PluginKind, C, Ctx, T> = Omit<PluginDefinition<K, C, Ctx, T>, 'defaults'>;

/** Declares a plugin; its defaults come from its schema. */
export function definePlugin<K extends PluginKind, C, Ctx, T>(spec: Spec<K, C, Ctx, T>): PluginDefinition<K, C, Ctx, T> {
  const defaults = spec.schema.parse({});
  return Object.freeze({ ...spec, defaults });
}
