/**
 * ufw backend: `ufw prepend deny from TARGET` to block, `ufw delete deny from TARGET` to lift.
 *
 * `prepend` rather than `insert 1` by default: ufw 0.36 refuses `insert 1` when it has no rule yet
 * ("Invalid position '1'") and for an IPv6 rule while IPv4 rules exist (positions count IPv4 rules
 * first); `prepend` puts the rule first among the rules of its IP version in both cases. Set
 * `position: insert-1` for the literal `ufw insert 1 deny from TARGET`.
 *
 * ufw has no timeouts: the ledger lifts expired blocks. An inactive ufw saves rules without
 * enforcing them, so a block is refused while `ufw status` is not active (`requireActive`).
 */
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import { badDuration, badTarget, binarySchema, dryNote, neverThrows, runnerFor, session, targetOf, timeoutSchema, validDuration } from './backend-kit.js';
import { formatBlockDuration, type Responder, type ResponderContext, type ResponderDefinition } from './responder.js';

export const ufwConfigSchema = z.strictObject({
  binary: binarySchema('ufw'),
  position: z.enum(['prepend', 'insert-1']).default('prepend'),
  /** Refuse to block while ufw is inactive (its rules would not be enforced). */
  requireActive: z.boolean().default(true),
  timeoutSeconds: timeoutSchema,
});

export type UfwConfig = z.output<typeof ufwConfigSchema>;

export function createUfwResponder(config: UfwConfig, ctx: ResponderContext): Responder {
  const c = ufwConfigSchema.parse(config);
  const runner = runnerFor(ctx, c.timeoutSeconds);
  const insert = c.position === 'prepend' ? ['prepend'] : ['insert', '1'];

  return {
    name: 'ufw',
    simulated: ctx.dryRun,
    expiresNatively: false,
    async check() {
      if (ctx.dryRun) return { ok: true, message: 'ufw (dry run): commands are printed, not run' };
      const r = await runner.run([c.binary, 'status'], { query: true });
      if (!r.ok) return { ok: false, message: `ufw unusable: ${r.error}` };
      if (!/^Status: active/m.test(r.stdout)) return { ok: !c.requireActive, message: 'ufw is inactive: its rules are not enforced (ufw enable)' };
      return { ok: true, message: 'ufw ready (active)' };
    },
    block(input, seconds) {
      return neverThrows('ufw', async () => {
        const t = targetOf(input);
        if (t === null) return badTarget('ufw');
        if (!validDuration(seconds)) return badDuration('ufw', seconds);
        const s = session(runner);
        if (c.requireActive) {
          const status = await s.run([c.binary, 'status'], { query: true, dryRunAnswer: true });
          if (!status.ok) return s.fail(`ufw could not block ${t.text}`, status);
          if (!status.dryRun && !/^Status: active/m.test(status.stdout)) {
            return s.fail(`ufw did not block ${t.text}`, 'ufw is inactive, so its rules are not enforced (run ufw enable, or set requireActive: false)');
          }
        }
        const r = await s.run([c.binary, ...insert, 'deny', 'from', t.text]);
        if (!r.ok) return s.fail(`ufw could not block ${t.text}`, r);
        return s.ok(`Blocked ${t.text} (ufw, ${formatBlockDuration(seconds)})${dryNote(runner)}`);
      });
    },
    unblock(input) {
      return neverThrows('ufw', async () => {
        const t = targetOf(input);
        if (t === null) return badTarget('ufw');
        const s = session(runner);
        const r = await s.run([c.binary, 'delete', 'deny', 'from', t.text]);
        if (!r.ok) return s.fail(`ufw could not unblock ${t.text}`, r);
        if (/non-existent/.test(r.stdout)) return s.ok(`${t.text} was not blocked (ufw)`);
        return s.ok(`Unblocked ${t.text} (ufw)${dryNote(runner)}`);
      });
    },
  };
}

export const ufwResponder: ResponderDefinition<UfwConfig> = definePlugin({
  kind: 'responder',
  id: 'ufw',
  configKey: 'ufw',
  description: 'Blocks with ufw: ufw prepend deny from IP, and the matching delete',
  schema: ufwConfigSchema,
  create: createUfwResponder,
});
