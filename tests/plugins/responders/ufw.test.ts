// ufw against a fake `ufw` on PATH that records its argv and keeps rules like ufw 0.36.
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUfwResponder, ufwResponder, type UfwConfig } from '../../../src/plugins/responders/ufw.js';
import { createFakeBin, FAKE_UFW, type FakeBin } from './fake-bin.js';

let bin: FakeBin;
const make = (over: Partial<UfwConfig> = {}, dryRun = false, log: (l: string) => void = () => {}) =>
  createUfwResponder({ ...ufwResponder.defaults, ...over }, { dryRun, log, now: Date.now });

beforeEach(() => {
  bin = createFakeBin();
  bin.add('ufw', FAKE_UFW);
});
afterEach(() => bin.restore());

describe('ufw backend', () => {
  it('blocks with "ufw prepend deny from IP" after checking ufw is active', async () => {
    const r = make();
    expect(await r.block('203.0.113.45', 3600)).toMatchObject({ ok: true, message: 'Blocked 203.0.113.45 (ufw, 1h)', commands: [['ufw', 'prepend', 'deny', 'from', '203.0.113.45']] });
    expect(await r.block('2001:db8::/64', null)).toMatchObject({ ok: true });
    expect(bin.calls()).toEqual([['status'], ['prepend', 'deny', 'from', '203.0.113.45'], ['status'], ['prepend', 'deny', 'from', '2001:db8::/64']]);
    expect(r.expiresNatively).toBe(false);
  });

  it('a second block is idempotent (ufw skips the existing rule)', async () => {
    const r = make();
    await r.block('203.0.113.45', 60);
    expect(await r.block('203.0.113.45', 60)).toMatchObject({ ok: true });
  });

  it('unblocks with the matching delete; unblocking what is not blocked is clean', async () => {
    const r = make();
    await r.block('203.0.113.45', 60);
    expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: true, message: 'Unblocked 203.0.113.45 (ufw)' });
    expect(bin.calls().at(-1)).toEqual(['delete', 'deny', 'from', '203.0.113.45']);
    expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: true, message: '203.0.113.45 was not blocked (ufw)' });
  });

  it('"insert 1" on request, with ufw\'s own refusal when it has no rules yet', async () => {
    const r = make({ position: 'insert-1' });
    expect(await r.block('203.0.113.45', 60)).toMatchObject({ ok: false, error: "ERROR: Invalid position '1'" });
    writeFileSync(join(bin.dir, 'ufw.rules'), 'allow 22\n');
    expect(await r.block('203.0.113.45', 60)).toMatchObject({ ok: true });
    expect(bin.calls().at(-1)).toEqual(['insert', '1', 'deny', 'from', '203.0.113.45']);
  });

  it('refuses to block while ufw is inactive (the rule would not be enforced)', async () => {
    writeFileSync(join(bin.dir, 'inactive'), '');
    const r = make();
    expect(await r.check()).toMatchObject({ ok: false, message: expect.stringContaining('inactive') });
    expect(await r.block('203.0.113.45', 60)).toMatchObject({ ok: false, error: expect.stringContaining('ufw is inactive') });
    expect(bin.calls()).toEqual([['status'], ['status']]);
    rmSync(join(bin.dir, 'inactive'));
    expect(await r.check()).toMatchObject({ ok: true });
  });

  it("reports ufw's own error (not root) and a missing ufw", async () => {
    writeFileSync(join(bin.dir, 'not-root'), '');
    expect(await make().block('203.0.113.45', 60)).toMatchObject({ ok: false, error: 'ERROR: You need to be root to run this script' });
    expect(await make({ binary: '/nonexistent/ufw' }).block('203.0.113.45', 60)).toMatchObject({ ok: false, error: '/nonexistent/ufw: command not found' });
  });

  it('dry run prints the commands and runs none', async () => {
    const lines: string[] = [];
    const r = make({}, true, (l) => lines.push(l));
    expect(await r.block('203.0.113.45', 60)).toMatchObject({ ok: true, message: expect.stringContaining('dry run') });
    expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: true });
    expect(lines).toEqual(['dry-run: ufw prepend deny from 203.0.113.45', 'dry-run: ufw delete deny from 203.0.113.45']);
    expect(bin.calls()).toEqual([]);
  });
});
