/**
 * iptables backend (iptables for IPv4, ip6tables for IPv6). Everything lives in its own chain
 * `THREATWATCH`, jumped to from the top of INPUT; other chains are never edited beyond that jump.
 *
 * - With `ipset` (mode `ipset`): sets `threatwatch-v4` / `threatwatch-v6` (`hash:net`, with
 *   per-element timeouts) and one `-m set --match-set … src -j DROP` rule per family. A block is
 *   `ipset add … timeout N -exist` (a second block refreshes the timeout).
 * - Without (mode `rules`): one `-s TARGET -j DROP` rule per block in the chain, checked with `-C`
 *   first so a second block adds nothing; the ledger lifts them when they expire.
 *
 * `useIpset: auto` picks `ipset` when `ipset list -n` works. Every command runs with `-w` (wait for
 * the xtables lock). `teardown` removes the jumps, the chains and the sets.
 */
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import { parseBlockTarget, type BlockTarget, type IpFamily } from '../../engine/net/block-target.js';
import { badDuration, badTarget, binarySchema, dryNote, neverThrows, runnerFor, session, targetOf, timeoutSchema, validDuration, type Session } from './backend-kit.js';
import { formatBlockDuration, type Responder, type ResponderContext, type ResponderDefinition } from './responder.js';

export const iptablesConfigSchema = z.strictObject({
  iptables: binarySchema('iptables'),
  ip6tables: binarySchema('ip6tables'),
  ipset: binarySchema('ipset'),
  /** `auto`: ipset sets when `ipset` works here, else one rule per block. */
  useIpset: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Own chain, jumped to from INPUT. */
  chain: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,27}$/).default('THREATWATCH'),
  /** Set name prefix: `<prefix>-v4`, `<prefix>-v6`. */
  setPrefix: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,27}$/).default('threatwatch'),
  timeoutSeconds: timeoutSchema,
});

export type IptablesConfig = z.output<typeof iptablesConfigSchema>;
export type IptablesMode = 'ipset' | 'rules';

/** Longest timeout an ipset element takes; longer blocks are permanent in the set and lifted by the ledger. */
export const IPSET_MAX_TIMEOUT = 2_147_483;
const LOCK_WAIT = ['-w', '5'];

export function createIptablesResponder(config: IptablesConfig, ctx: ResponderContext): Responder & Required<Pick<Responder, 'list' | 'teardown'>> & { mode(): Promise<IptablesMode> } {
  const c = iptablesConfigSchema.parse(config);
  const runner = runnerFor(ctx, c.timeoutSeconds);
  const tool = (f: IpFamily) => (f === 'ipv4' ? c.iptables : c.ip6tables);
  const ipt = (f: IpFamily, ...args: string[]) => [tool(f), ...LOCK_WAIT, ...args];
  const setName = (f: IpFamily) => `${c.setPrefix}-${f === 'ipv4' ? 'v4' : 'v6'}`;
  const setMatch = (f: IpFamily) => ['-m', 'set', '--match-set', setName(f), 'src', '-j', 'DROP'];
  let detected: IptablesMode | null = null;

  async function mode(): Promise<IptablesMode> {
    if (detected !== null) return detected;
    if (c.useIpset !== 'auto') return (detected = c.useIpset === 'always' ? 'ipset' : 'rules');
    const r = await runner.run([c.ipset, 'list', '-n'], { query: true, dryRunAnswer: true });
    return (detected = r.ok ? 'ipset' : 'rules');
  }

  /** Runs a `-C` check: true when the rule exists, false when not, a failed result otherwise. */
  async function exists(s: Session, f: IpFamily, args: string[], dryRunAnswer: boolean) {
    const r = await s.run(ipt(f, '-C', ...args), { query: true, dryRunAnswer });
    if (r.ok) return true;
    if (r.dryRun || r.code === 1) return false;
    return r;
  }

  /** Creates the chain, the jump from INPUT and (ipset mode) the set and its rule, when missing. */
  async function ensure(s: Session, f: IpFamily, m: IptablesMode) {
    const listed = await s.run(ipt(f, '-S', c.chain), { query: true });
    if (!listed.ok) {
      const r = await s.run(ipt(f, '-N', c.chain));
      if (!r.ok && !/exists/i.test(r.stderr)) return r;
    }
    const jump = await exists(s, f, ['INPUT', '-j', c.chain], false);
    if (jump !== true && jump !== false) return jump;
    if (!jump) {
      const r = await s.run(ipt(f, '-I', 'INPUT', '1', '-j', c.chain));
      if (!r.ok) return r;
    }
    if (m === 'ipset') {
      const created = await s.run([c.ipset, 'create', setName(f), 'hash:net', 'family', f === 'ipv4' ? 'inet' : 'inet6', 'timeout', '0', '-exist']);
      if (!created.ok) return created;
      const rule = await exists(s, f, [c.chain, ...setMatch(f)], false);
      if (rule !== true && rule !== false) return rule;
      if (!rule) {
        const r = await s.run(ipt(f, '-A', c.chain, ...setMatch(f)));
        if (!r.ok) return r;
      }
    }
    return null;
  }

  async function block(t: BlockTarget, seconds: number | null) {
    const s = session(runner);
    const m = await mode();
    const failed = await ensure(s, t.family, m);
    if (failed !== null) return s.fail(`iptables could not block ${t.text}`, failed);
    let note = '';
    if (m === 'ipset') {
      const timeout = seconds === null || seconds > IPSET_MAX_TIMEOUT ? 0 : seconds;
      if (seconds !== null && seconds > IPSET_MAX_TIMEOUT) note = '; longer than ipset timeouts allow, lifted by threatwatch';
      const r = await s.run([c.ipset, 'add', setName(t.family), t.text, 'timeout', String(timeout), '-exist']);
      if (!r.ok) return s.fail(`iptables could not block ${t.text}`, r);
    } else {
      const rule = [c.chain, '-s', t.text, '-j', 'DROP'];
      const present = await exists(s, t.family, rule, false);
      if (present !== true && present !== false) return s.fail(`iptables could not block ${t.text}`, present);
      if (!present) {
        const r = await s.run(ipt(t.family, '-A', ...rule));
        if (!r.ok) return s.fail(`iptables could not block ${t.text}`, r);
      }
    }
    return s.ok(`Blocked ${t.text} (iptables/${m}, ${formatBlockDuration(seconds)}${note})${dryNote(runner)}`);
  }

  async function unblock(t: BlockTarget) {
    const s = session(runner);
    const m = await mode();
    if (m === 'ipset') {
      const r = await s.run([c.ipset, 'del', setName(t.family), t.text, '-exist']);
      if (!r.ok && !/does not exist/.test(r.stderr)) return s.fail(`iptables could not unblock ${t.text}`, r);
    } else {
      const rule = [c.chain, '-s', t.text, '-j', 'DROP'];
      for (let i = 0; i < 16; i++) {
        const present = await exists(s, t.family, rule, i === 0);
        if (present === false) break;
        if (present !== true) return s.fail(`iptables could not unblock ${t.text}`, present);
        const r = await s.run(ipt(t.family, '-D', ...rule));
        if (!r.ok) return s.fail(`iptables could not unblock ${t.text}`, r);
        if (r.dryRun) break;
      }
    }
    return s.ok(`Unblocked ${t.text} (iptables/${m})${dryNote(runner)}`);
  }

  async function list(): Promise<string[] | null> {
    if (ctx.dryRun) return null;
    const m = await mode();
    const out: string[] = [];
    for (const f of ['ipv4', 'ipv6'] as const) {
      const r = m === 'ipset' ? await runner.run([c.ipset, 'save', setName(f)], { query: true }) : await runner.run(ipt(f, '-S', c.chain), { query: true });
      if (!r.ok) {
        if (r.code === 1) continue; // no set / no chain yet: nothing blocked
        return null;
      }
      for (const line of r.stdout.split('\n')) {
        const words = line.trim().split(/\s+/);
        const text = m === 'ipset' ? (words[0] === 'add' ? words[2] : undefined) : words[words.indexOf('-s') + 1];
        if (m === 'rules' && !words.includes('-s')) continue;
        const bare = text?.replace(/\/(32|128)$/, '');
        const target = bare === undefined ? null : parseBlockTarget(bare);
        if (target !== null) out.push(target.text);
      }
    }
    return out;
  }

  async function teardown() {
    const s = session(runner);
    for (const f of ['ipv4', 'ipv6'] as const) {
      for (let i = 0; i < 16; i++) {
        const jump = await exists(s, f, ['INPUT', '-j', c.chain], i === 0);
        if (jump !== true) break;
        const r = await s.run(ipt(f, '-D', 'INPUT', '-j', c.chain));
        if (!r.ok || r.dryRun) break;
      }
      const listed = await s.run(ipt(f, '-S', c.chain), { query: true, dryRunAnswer: true });
      if (listed.ok) {
        await s.run(ipt(f, '-F', c.chain));
        const r = await s.run(ipt(f, '-X', c.chain));
        if (!r.ok) return s.fail('iptables could not remove its chain', r);
      }
      const d = await s.run([c.ipset, 'destroy', setName(f)]);
      if (!d.ok && !/does not exist|command not found/.test(d.error ?? '')) return s.fail('iptables could not remove its set', d);
    }
    return s.ok(`Removed chain ${c.chain} and sets ${c.setPrefix}-v4/-v6 (iptables)${dryNote(runner)}`);
  }

  return {
    name: 'iptables',
    simulated: ctx.dryRun,
    get expiresNatively() {
      return !ctx.dryRun && detected === 'ipset';
    },
    mode,
    async check() {
      if (ctx.dryRun) return { ok: true, message: 'iptables (dry run): commands are printed, not run' };
      const r = await runner.run([c.iptables, ...LOCK_WAIT, '-S', 'INPUT'], { query: true });
      if (!r.ok) return { ok: false, message: `iptables unusable: ${r.error}` };
      const m = await mode();
      return { ok: true, message: `iptables ready (${m === 'ipset' ? 'ipset sets with timeouts' : 'one rule per block'}), chain ${c.chain}` };
    },
    block(input, seconds) {
      return neverThrows('iptables', async () => {
        const t = targetOf(input);
        if (t === null) return badTarget('iptables');
        if (!validDuration(seconds)) return badDuration('iptables', seconds);
        return block(t, seconds);
      });
    },
    unblock(input) {
      return neverThrows('iptables', async () => {
        const t = targetOf(input);
        return t === null ? badTarget('iptables') : unblock(t);
      });
    },
    list,
    teardown: () => neverThrows('iptables', teardown),
  };
}

export const iptablesResponder: ResponderDefinition<IptablesConfig> = definePlugin({
  kind: 'responder',
  id: 'iptables',
  configKey: 'iptables',
  description: 'Blocks with iptables/ip6tables in its own chain, through ipset sets with timeouts when ipset is available',
  schema: iptablesConfigSchema,
  create: createIptablesResponder,
});
