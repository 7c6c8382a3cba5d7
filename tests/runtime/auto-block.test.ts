import { describe, expect, it } from 'vitest';
import { autoBlockSchema, autoBlockWarnings, createAutoBlocker, decideAutoBlock, initialAutoBlockState, type AutoBlockAlert } from '../../src/runtime/auto-block.js';
import { createBlockGuard } from '../../src/runtime/block-guard.js';

const guard = createBlockGuard({ allowlist: ['192.0.2.0/24'], env: { SSH_CLIENT: '198.51.100.5 1 22' }, interfaces: () => ({}) });
const alert = (over: Partial<AutoBlockAlert> = {}): AutoBlockAlert => ({ rule: 'BRUTE_FORCE', severity: 'HIGH', ip: '203.0.113.45', flags: [], status: 'new', ...over });
const policy = autoBlockSchema.parse({ enabled: true, rules: [{ rule: 'BRUTE_FORCE' }, { rule: 'PORT_SCAN', minSeverity: 'MEDIUM' }], maxPerMinute: 3 });
const decide = (a: AutoBlockAlert, config = policy, now = 0) => decideAutoBlock(config, a, initialAutoBlockState, now, guard).decision;

describe('decideAutoBlock', () => {
  it('is off by default, and blocks nothing for rules that were not chosen', () => {
    expect(autoBlockSchema.parse({})).toEqual({ enabled: false, minSeverity: 'HIGH', rules: [], maxPerMinute: 10 });
    expect(decide(alert(), autoBlockSchema.parse({}))).toEqual({ block: false, reason: 'auto-block is off' });
    expect(decide(alert({ rule: 'PASSWORD_SPRAY' }))).toEqual({ block: false, reason: 'rule PASSWORD_SPRAY is not auto-blocked' });
  });

  it('blocks a chosen rule at or above the minimum severity (per rule, or the policy default)', () => {
    expect(decide(alert())).toEqual({ block: true, target: '203.0.113.45', rule: 'BRUTE_FORCE' });
    expect(decide(alert({ severity: 'CRITICAL' }))).toMatchObject({ block: true });
    expect(decide(alert({ severity: 'MEDIUM' }))).toEqual({ block: false, reason: 'severity MEDIUM is below HIGH' });
    expect(decide(alert({ rule: 'PORT_SCAN', severity: 'MEDIUM' }))).toMatchObject({ block: true });
    expect(decide(alert({ rule: 'PORT_SCAN', severity: 'LOW' }))).toMatchObject({ block: false });
  });

  it('never blocks on SPOOFABLE evidence unless the rule opts in', () => {
    expect(decide(alert({ rule: 'PORT_SCAN', flags: ['SPOOFABLE'] }))).toEqual({ block: false, reason: 'PORT_SCAN evidence is spoofable (allowSpoofable is off)' });
    const optIn = autoBlockSchema.parse({ enabled: true, rules: [{ rule: 'PORT_SCAN', allowSpoofable: true }] });
    expect(decide(alert({ rule: 'PORT_SCAN', flags: ['SPOOFABLE'] }), optIn)).toMatchObject({ block: true });
    expect(autoBlockWarnings(optIn)).toEqual(['Auto-block takes spoofable PORT_SCAN alerts: a forged source address can get an innocent host blocked.']);
    expect(autoBlockWarnings(policy)).toEqual([]);
  });

  it('leaves alerts an analyst already handled, and protected addresses, alone', () => {
    expect(decide(alert({ status: 'false_positive' }))).toEqual({ block: false, reason: 'alert is false_positive' });
    expect(decide(alert({ status: 'blocked' }))).toMatchObject({ block: false });
    expect(decide(alert({ ip: '192.0.2.7' }))).toEqual({ block: false, reason: 'protected: allowlisted (192.0.2.0/24)' });
    expect(decide(alert({ ip: '198.51.100.5' }))).toMatchObject({ block: false, reason: expect.stringContaining('SSH client') });
    expect(decide(alert({ ip: '64:ff9b::127.0.0.1' }))).toMatchObject({ block: false, reason: expect.stringContaining('loopback') });
  });

  it('rate-limits: at most N new blocks in any 60 s, so a spoofed flood cannot block half the internet', () => {
    const blocker = createAutoBlocker(policy, guard);
    const at = (s: number, i: number) => blocker.decide(alert({ ip: `203.0.113.${i}` }), s * 1000).block;
    expect([at(0, 1), at(10, 2), at(20, 3), at(30, 4), at(59, 5)]).toEqual([true, true, true, false, false]);
    expect(at(60, 6)).toBe(true); // the first one left the window
    expect(at(61, 7)).toBe(false);
    expect(at(80, 8)).toBe(true);
  });

  it('is pure: the state comes in and goes out', () => {
    const first = decideAutoBlock(policy, alert(), initialAutoBlockState, 5000, guard);
    expect(first.state).toEqual({ recent: [5000] });
    expect(initialAutoBlockState).toEqual({ recent: [] });
    const refused = decideAutoBlock(policy, alert({ severity: 'LOW' }), first.state, 70_000, guard);
    expect(refused.state).toEqual({ recent: [] });
  });
});
