/**
 * The catalogue: every source, parser, rule, sink and responder, each one file, listed here once.
 * The config file schema, its defaults and the `config` command's output are assembled from it, and
 * the runtime creates plugins by looking them up here. Adding a plugin is one file plus one line in
 * the list of its kind (see the README's Development section).
 */
import { authLogParser } from './engine/parsers/auth-log-parser.js';
import { ruleDefinitions } from './engine/rules/index.js';
import { responders } from './plugins/responders/index.js';
import { sinks } from './plugins/sinks/index.js';
import { sources } from './plugins/sources/index.js';

export const catalogue = {
  sources,
  parsers: [authLogParser],
  rules: ruleDefinitions,
  sinks,
  responders,
} as const;

export type Catalogue = typeof catalogue;
