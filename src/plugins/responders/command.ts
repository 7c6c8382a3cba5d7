/**
 * command backend: a user-supplied argv template for any other firewall or API, run without a
 * shell. Placeholders, replaced inside any argument after the first: `{ip}` (the canonical address
 * or range) and `{seconds}` (the duration, `0` for permanent). Example:
 * `block: ["/usr/local/bin/block", "{ip}", "{seconds}"]`, `unblock: ["/usr/local/bin/unblock", "{ip}"]`.
 *
 * Without an `unblock` template the block command is expected to expire its blocks by itself
 * (it gets `{seconds}`), and manual unblocking is refused with that reason.
 */
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import { badDuration, badTarget, dryNote, neverThrows, runnerFor, session, targetOf, timeoutSchema, validDuration } from './backend-kit.js';
import { formatBlockDuration, type Responder, type ResponderContext, type ResponderDefinition } from './responder.js';

const PLACEHOLDER = /\{(ip|seconds)\}/g;

const argvTemplate = z
  .array(z.string().max(4096).refine((a) => !a.includes('\0'), 'no NUL bytes'))
  .max(64)
  .refine((argv) => argv.length === 0 || (argv[0] !== '' && !/[{}]/.test(argv[0]!)), 'the first element is the program: no placeholders')
  .default([]);

export const commandConfigSchema = z.strictObject({
  /** Argv run to block. */
  block: argvTemplate,
  /** Argv run to unblock; empty when the block command expires its own blocks. */
  unblock: argvTemplate,
  timeoutSeconds: timeoutSchema,
});

export type CommandConfig = z.output<typeof commandConfigSchema>;

/** The argv for one target: placeholders replaced, nothing else touched (no shell, no splitting). */
export function fillTemplate(template: readonly string[], values: { ip: string; seconds: string }): string[] {
  return template.map((arg, i) => (i === 0 ? arg : arg.replace(PLACEHOLDER, (_m, key: 'ip' | 'seconds') => values[key])));
}

export function createCommandResponder(config: CommandConfig, ctx: ResponderContext): Responder {
  const c = commandConfigSchema.parse(config);
  const runner = runnerFor(ctx, c.timeoutSeconds);
  const program = c.block[0] ?? '(none)';

  return {
    name: 'command',
    simulated: ctx.dryRun,
    expiresNatively: c.unblock.length === 0,
    async check() {
      if (c.block.length === 0) return { ok: false, message: 'command backend: no block command configured (responders.command.block)' };
      return { ok: true, message: `command backend: ${program}${ctx.dryRun ? ' (dry run)' : ''}` };
    },
    block(input, seconds) {
      return neverThrows('command', async () => {
        const t = targetOf(input);
        if (t === null) return badTarget('command');
        if (!validDuration(seconds)) return badDuration('command', seconds);
        if (c.block.length === 0) return { ok: false, message: 'command backend: no block command configured', error: 'not configured', commands: [] };
        const s = session(runner);
        const r = await s.run(fillTemplate(c.block, { ip: t.text, seconds: String(seconds ?? 0) }));
        if (!r.ok) return s.fail(`${program} could not block ${t.text}`, r);
        return s.ok(`Blocked ${t.text} (command, ${formatBlockDuration(seconds)})${dryNote(runner)}`);
      });
    },
    unblock(input) {
      return neverThrows('command', async () => {
        const t = targetOf(input);
        if (t === null) return badTarget('command');
        if (c.unblock.length === 0) {
          return { ok: false, message: `command backend: no unblock command configured; ${program} expires its own blocks`, error: 'not configured', commands: [] };
        }
        const s = session(runner);
        const r = await s.run(fillTemplate(c.unblock, { ip: t.text, seconds: '0' }));
        if (!r.ok) return s.fail(`${c.unblock[0]} could not unblock ${t.text}`, r);
        return s.ok(`Unblocked ${t.text} (command)${dryNote(runner)}`);
      });
    },
  };
}

export const commandResponder: ResponderDefinition<CommandConfig> = definePlugin({
  kind: 'responder',
  id: 'command',
  configKey: 'command',
  description: 'Runs your own argv template ({ip}, {seconds}) to block and unblock, without a shell',
  schema: commandConfigSchema,
  create: createCommandResponder,
});
