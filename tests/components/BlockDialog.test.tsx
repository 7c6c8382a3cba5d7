// Issue 10 "In the console": the block dialog runs the guard first, offers the duration and the
// /24 (/64) subnet, and any address or CIDR can be blocked by hand.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';
import type { BlockPreview } from '../../src/console/types.js';

afterEach(() => cleanup());

const protectedAlert = makeAlert({ ip: '127.0.0.1', lastSeen: '2024-03-10T10:00:09Z' });
const attacker = makeAlert({ ip: '203.0.113.45', lastSeen: '2024-03-10T10:00:09Z' });

/** A guard like the ledger's: loopback and 10.0.0.0/8 (the analyst's network) are protected. */
function guard(target: string): BlockPreview {
  if (target.startsWith('127.')) return { ok: false, target, reason: 'loopback: this machine itself' };
  if (target.startsWith('10.')) return { ok: false, target, reason: 'on the allowlist (10.0.0.0/8)' };
  if (!/^[\d.]+(\/\d+)?$/.test(target)) return { ok: false, target: null, reason: 'not an address or CIDR range' };
  const range = target.includes('/');
  const subnet = range ? null : `${target.split('.').slice(0, 3).join('.')}.0/24`;
  return { ok: true, target, range, subnet, seconds: 3600, backend: 'nftables', simulated: false, blockedBy: null };
}

function app(alerts = [attacker]) {
  const r = renderApp({ state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }), responder: { name: 'nftables', durationSeconds: 3600, simulated: false } } });
  r.fake.setPreviewBlock(guard);
  return r;
}

describe('the block dialog', () => {
  it('says at once why a protected address cannot be blocked, and offers nothing to confirm', async () => {
    const r = app([protectedAlert]);
    await r.waitFor('127.0.0.1');
    const f = await r.pressAndWait('b', 'Cannot block 127.0.0.1: loopback: this machine itself');
    expect(f).not.toContain('Confirm block');
    r.press('y');
    await new Promise((res) => setTimeout(res, 50));
    expect(r.fake.actions.block).not.toHaveBeenCalled();
  });

  it('offers the duration (1h by default) and blocks for the chosen one', async () => {
    const r = app();
    await r.waitFor('203.0.113.45');
    const dialog = await r.pressAndWait('b', 'Confirm block');
    expect(dialog).toContain('Block 203.0.113.45 with nftables for 1h?');
    expect(dialog).toMatch(/duration:.*1h.*10m.*1d.*7d.*permanent/);
    await r.pressAndWait('d', 'for 10m?');
    await r.pressAndWait('d', 'for 1d?');
    await r.pressAndWait('d', 'for 7d?');
    await r.pressAndWait('d', 'Block 203.0.113.45 with nftables permanently?');
    await r.pressAndWait('y', 'Blocked 203.0.113.45');
    expect(r.fake.actions.block).toHaveBeenCalledWith('203.0.113.45', attacker.id, { seconds: null });
  });

  it('t types any duration: 90m blocks for 5400 s; a wrong one says why and keeps the dialog', async () => {
    const r = app();
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('b', 'Confirm block');
    await r.pressAndWait('t', 'Block for:');
    for (const ch of 'soon') r.press(ch);
    await r.pressAndWait(KEYS.ENTER, 'Duration:');
    expect(r.frame()).toContain('Confirm block');
    await r.pressAndWait('t', 'Block for:');
    for (const ch of '90m') r.press(ch);
    await r.pressAndWait(KEYS.ENTER, 'Confirm block');
    await r.pressAndWait('y', 'Blocked 203.0.113.45');
    expect(r.fake.actions.block).toHaveBeenCalledWith('203.0.113.45', attacker.id, { seconds: 5400 });
  });

  it('without a change of duration, the default (with any increment) applies', async () => {
    const r = app();
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('b', 'Confirm block');
    await r.pressAndWait('y', 'Blocked 203.0.113.45');
    expect(r.fake.actions.block).toHaveBeenCalledWith('203.0.113.45', attacker.id);
  });

  it('s switches to the /24 subnet, and y blocks the range', async () => {
    const r = app();
    await r.waitFor('203.0.113.45');
    const dialog = await r.pressAndWait('b', 'Confirm block');
    expect(dialog).toContain('subnet 203.0.113.0/24');
    await r.pressAndWait('s', 'Block 203.0.113.0/24 with nftables for 1h?');
    await r.pressAndWait('d', 'Block 203.0.113.0/24 with nftables for 10m?');
    await r.pressAndWait('y', 'Blocked 203.0.113.0/24');
    expect(r.fake.actions.block).toHaveBeenCalledWith('203.0.113.0/24', attacker.id, { seconds: 600 });
  });

  it('runs the guard on the subnet too: a refused range cannot be confirmed', async () => {
    const r = app();
    await r.waitFor('203.0.113.45');
    r.fake.setPreviewBlock((t) => (t.includes('/') ? { ok: false, target: t, reason: 'contains the analyst\'s SSH client 203.0.113.9' } : guard(t)));
    await r.pressAndWait('b', 'Confirm block');
    await r.pressAndWait('s', "Refused: contains the analyst's SSH client 203.0.113.9");
    await r.pressAndWait('y', "Cannot block 203.0.113.0/24: contains the analyst's SSH client");
    expect(r.fake.actions.block).not.toHaveBeenCalled();
    // back to the address: allowed again
    const f = await r.pressAndWait('s', 'Block 203.0.113.45 with');
    expect(f).not.toContain('Refused:');
  });
});

describe('a block by hand', () => {
  it('B asks for an address or CIDR, previews it and blocks after y', async () => {
    const r = app();
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('B', 'Block: ');
    for (const ch of '198.51.100.0/24') r.press(ch);
    await r.waitFor('198.51.100.0/24');
    const dialog = await r.pressAndWait(KEYS.ENTER, 'Confirm block');
    expect(dialog).toContain('Block 198.51.100.0/24 with nftables for 1h?');
    await r.pressAndWait('y', 'Blocked 198.51.100.0/24');
    expect(r.fake.actions.block).toHaveBeenCalledWith('198.51.100.0/24', null);
  });

  it('a protected one typed by hand is refused at once', async () => {
    const r = app();
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('B', 'Block: ');
    for (const ch of '10.1.2.3') r.press(ch);
    await r.waitFor('10.1.2.3');
    const f = await r.pressAndWait(KEYS.ENTER, 'Cannot block 10.1.2.3: on the allowlist');
    expect(f).not.toContain('Confirm block');
  });
});
