/**
 * The parser plugin: every envelope (RFC 3164/3339/5424, `<PRI>` network forms, journald JSON,
 * predecessor JSON, flow records) and every program template (sshd, PAM, netfilter) behind one
 * line parser. Its only setting today is the zone of lines that carry none.
 */
import * as z from 'zod';
import { definePlugin, type PluginDefinition } from '../plugin.js';
import { createLineParser } from './line-parser.js';
import type { LineParser, ParserOptions } from './types.js';

const schema = z.strictObject({});

export type ParserDefinition<C> = PluginDefinition<'parser', C, ParserOptions, LineParser>;

export const authLogParser: ParserDefinition<z.output<typeof schema>> = definePlugin({
  kind: 'parser',
  id: 'auth-log',
  configKey: 'authLog',
  description: 'syslog, journald and JSON envelopes; sshd, PAM and netfilter messages; flow records',
  schema,
  create: (_config, options) => createLineParser(options),
});
