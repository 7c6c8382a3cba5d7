/**
 * nftables backend. Everything lives in its own table `inet threatwatch` (never another table):
 * four sets with per-element timeouts (`addr_v4`/`addr_v6` for addresses, `net_v4`/`net_v6` with
 * the interval flag for ranges, so an address may be blocked inside a blocked range) and a chain on
 * the input hook that drops their sources. `nft delete table inet threatwatch` undoes it all.
 *
 * Each block is one `nft` invocation, one atomic transaction that (re)creates the table, sets and
 * rules it needs (idempotent: `add` of what exists is a no-op, the chain is flushed and refilled)
 * and sets the element with add/delete/add, so a second block replaces the timeout instead of
 * failing. Unblock deletes the element the same way, so lifting an absent element succeeds.
 */
import * as z from 'zod';
import { definePlugin } from '../../engine/plugin.js';
import { parseBlockTarget, type BlockTarget } from '../../engine/net/block-target.js';
import { badDuration, badTarget, binarySchema, dryNote, neverThrows, runnerFor, session, targetOf, timeoutSchema, validDuration } from './backend-kit.js';
import { formatBlockDuration, type Responder, type ResponderContext, type ResponderDefinition } from './responder.js';

export const nftablesConfigSchema = z.strictObject({
  /** The `nft` binary (name on PATH or absolute path). */
  binary: binarySchema('nft'),
  /** Table name, in family `inet`. */
  table: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/).default('threatwatch'),
  /** Priority of the input-hook chain (before the usual filter chains at 0). */
  priority: z.number().int().min(-400).max(400).default(-10),
  timeoutSeconds: timeoutSchema,
});

export type NftablesConfig = z.output<typeof nftablesConfigSchema>;

function setFor(t: BlockTarget): string {
  return `${t.range ? 'net' : 'addr'}_${t.family === 'ipv4' ? 'v4' : 'v6'}`;
}

/** The statements that create the table, its sets and its rules (each idempotent). */
export function nftSetupStatements(c: NftablesConfig): string[] {
  const t = `inet ${c.table}`;
  return [
    `add table ${t}`,
    `add set ${t} addr_v4 { type ipv4_addr; flags timeout; }`,
    `add set ${t} addr_v6 { type ipv6_addr; flags timeout; }`,
    `add set ${t} net_v4 { type ipv4_addr; flags interval, timeout; }`,
    `add set ${t} net_v6 { type ipv6_addr; flags interval, timeout; }`,
    `add chain ${t} input { type filter hook input priority ${c.priority}; policy accept; }`,
    `flush chain ${t} input`,
    `add rule ${t} input ip saddr @addr_v4 drop`,
    `add rule ${t} input ip saddr @net_v4 drop`,
    `add rule ${t} input ip6 saddr @addr_v6 drop`,
    `add rule ${t} input ip6 saddr @net_v6 drop`,
  ];
}

const MISSING = /No such file or directory/;

/** Elements of a `nft -j list table` output, as canonical targets. */
export function parseNftElements(json: string): string[] {
  const out: string[] = [];
  const doc = JSON.parse(json) as { nftables?: unknown[] };
  const asText = (v: unknown): string | null => {
    if (typeof v === 'string') return v;
    if (v !== null && typeof v === 'object' && 'prefix' in v) {
      const p = (v as { prefix: { addr: string; len: number } }).prefix;
      return `${p.addr}/${p.len}`;
    }
    return null;
  };
  for (const item of doc.nftables ?? []) {
    const set = (item as { set?: { elem?: unknown[] } }).set;
    for (const e of set?.elem ?? []) {
      const raw = e !== null && typeof e === 'object' && 'elem' in e ? (e as { elem: { val: unknown } }).elem.val : e;
      const text = asText(raw);
      const target = text === null ? null : parseBlockTarget(text.endsWith('/32') || text.endsWith('/128') ? text.split('/')[0] : text);
      if (target !== null) out.push(target.text);
    }
  }
  return out;
}

export function createNftablesResponder(config: NftablesConfig, ctx: ResponderContext): Responder & Required<Pick<Responder, 'list' | 'teardown'>> {
  const c = nftablesConfigSchema.parse(config);
  const runner = runnerFor(ctx, c.timeoutSeconds);
  const table = `inet ${c.table}`;
  const nft = (script: string[]): string[] => [c.binary, script.join('; ')];

  return {
    name: 'nftables',
    simulated: ctx.dryRun,
    expiresNatively: !ctx.dryRun,
    async check() {
      if (ctx.dryRun) return { ok: true, message: 'nftables (dry run): commands are printed, not run' };
      const v = await runner.run([c.binary, '--version'], { query: true });
      if (!v.ok) return { ok: false, message: `nftables unavailable: ${v.error}` };
      const l = await runner.run([c.binary, 'list', 'tables'], { query: true });
      if (!l.ok) return { ok: false, message: `nftables unusable: ${l.error}` };
      return { ok: true, message: `nftables ready (${v.stdout.trim()}), table ${table}` };
    },
    block(input, seconds) {
      return neverThrows('nftables', async () => {
        const target = targetOf(input);
        if (target === null) return badTarget('nftables');
        if (!validDuration(seconds)) return badDuration('nftables', seconds);
        const s = session(runner);
        const el = `element ${table} ${setFor(target)}`;
        const timeout = seconds === null ? '' : ` timeout ${seconds}s`;
        const r = await s.run(nft([...nftSetupStatements(c), `add ${el} { ${target.text} }`, `delete ${el} { ${target.text} }`, `add ${el} { ${target.text}${timeout} }`]));
        if (!r.ok) return s.fail(`nftables could not block ${target.text}`, r);
        return s.ok(`Blocked ${target.text} (nftables, ${formatBlockDuration(seconds)})${dryNote(runner)}`);
      });
    },
    unblock(input) {
      return neverThrows('nftables', async () => {
        const target = targetOf(input);
        if (target === null) return badTarget('nftables');
        const s = session(runner);
        const exists = await s.run([c.binary, 'list', 'table', ...table.split(' ')], { query: true, dryRunAnswer: true });
        if (!exists.ok && !exists.dryRun) {
          if (MISSING.test(exists.stderr)) return s.ok(`${target.text} was not blocked (nftables: no table ${table})`);
          return s.fail(`nftables could not unblock ${target.text}`, exists);
        }
        const el = `element ${table} ${setFor(target)}`;
        const r = await s.run(nft([...nftSetupStatements(c).slice(0, 5), `add ${el} { ${target.text} }`, `delete ${el} { ${target.text} }`]));
        if (!r.ok) return s.fail(`nftables could not unblock ${target.text}`, r);
        return s.ok(`Unblocked ${target.text} (nftables)${dryNote(runner)}`);
      });
    },
    async list() {
      if (ctx.dryRun) return null;
      const r = await runner.run([c.binary, '-j', 'list', 'table', ...table.split(' ')], { query: true });
      if (!r.ok) return MISSING.test(r.stderr) ? [] : null;
      try {
        return parseNftElements(r.stdout);
      } catch {
        return null;
      }
    },
    teardown() {
      return neverThrows('nftables', async () => {
        const s = session(runner);
        const r = await s.run([c.binary, 'delete', 'table', ...table.split(' ')]);
        if (!r.ok && !MISSING.test(r.stderr)) return s.fail(`nftables could not delete table ${table}`, r);
        return s.ok(`Removed table ${table} (nftables)${dryNote(runner)}`);
      });
    },
  };
}

export const nftablesResponder: ResponderDefinition<NftablesConfig> = definePlugin({
  kind: 'responder',
  id: 'nftables',
  configKey: 'nftables',
  description: 'Blocks with nftables: its own table inet threatwatch, sets with per-element timeouts, a drop rule on input',
  schema: nftablesConfigSchema,
  create: createNftablesResponder,
});
