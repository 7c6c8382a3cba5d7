// The command backend against fake programs on PATH that record their argv.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandResponder, createCommandResponder, fillTemplate, type CommandConfig } from '../../../src/plugins/responders/command.js';
import { createFakeBin, type FakeBin } from './fake-bin.js';

let bin: FakeBin;
const make = (over: Partial<CommandConfig>) => createCommandResponder({ ...commandResponder.defaults, ...over }, { dryRun: false, log: () => {}, now: Date.now });

beforeEach(() => {
  bin = createFakeBin();
  bin.add('block', '');
  bin.add('unblock', '');
});
afterEach(() => bin.restore());

describe('command backend', () => {
  it('runs the argv template with {ip} and {seconds} filled in, each argument passed verbatim', async () => {
    const r = make({ block: ['block', '{ip}', '{seconds}', '--note=ip {ip}; $(id) `id` | x'], unblock: ['unblock', '{ip}'] });
    expect(await r.check()).toMatchObject({ ok: true });
    expect(await r.block('203.0.113.45', 3600)).toMatchObject({ ok: true, message: 'Blocked 203.0.113.45 (command, 1h)', commands: [['block', '203.0.113.45', '3600', '--note=ip 203.0.113.45; $(id) `id` | x']] });
    expect(await r.block('2001:db8::/64', null)).toMatchObject({ ok: true });
    expect(await r.unblock('2001:db8::/64')).toMatchObject({ ok: true, message: 'Unblocked 2001:db8::/64 (command)' });
    expect(bin.calls()).toEqual([
      ['203.0.113.45', '3600', '--note=ip 203.0.113.45; $(id) `id` | x'],
      ['2001:db8::/64', '0', '--note=ip 2001:db8::/64; $(id) `id` | x'],
      ['2001:db8::/64'],
    ]);
    expect(bin.programs()).toEqual(['block', 'block', 'unblock']);
    expect(r.expiresNatively).toBe(false);
  });

  it("reports the program's failure with its own words", async () => {
    bin.add('failing', 'console.error("api said: 403 forbidden"); process.exit(3);');
    expect(await make({ block: ['failing', '{ip}'] }).block('203.0.113.45', 60)).toMatchObject({ ok: false, error: 'api said: 403 forbidden' });
    expect(await make({ block: ['no-such-program-tw', '{ip}'] }).block('203.0.113.45', 60)).toMatchObject({ ok: false, error: 'no-such-program-tw: command not found' });
  });

  it('kills a program that outlives its timeout', async () => {
    bin.add('slow', 'setTimeout(() => {}, 60000);');
    expect(await make({ block: ['slow', '{ip}'], timeoutSeconds: 0.3 }).block('203.0.113.45', 60)).toMatchObject({ ok: false, error: 'slow: timed out after 0.3 s' });
  });

  it('without an unblock template, the block command owns expiry and manual unblock is refused', async () => {
    const r = make({ block: ['block', '{ip}', '{seconds}'] });
    expect(r.expiresNatively).toBe(true);
    expect(await r.unblock('203.0.113.45')).toMatchObject({ ok: false, message: expect.stringContaining('no unblock command configured') });
    expect(bin.calls()).toEqual([]);
  });

  it('is not ready without a block template', async () => {
    expect(await make({}).check()).toMatchObject({ ok: false });
    expect(await make({}).block('203.0.113.45', 60)).toMatchObject({ ok: false });
  });

  it('validates its config: no placeholder as the program, no NUL bytes, unknown keys refused', () => {
    expect(() => commandResponder.schema.parse({ block: ['{ip}'] })).toThrow();
    expect(() => commandResponder.schema.parse({ block: ['x', 'a\0b'] })).toThrow();
    expect(() => commandResponder.schema.parse({ shell: 'x' })).toThrow();
    expect(commandResponder.defaults).toEqual({ block: [], unblock: [], timeoutSeconds: 10 });
  });

  it('fillTemplate replaces only the known placeholders and never splits arguments', () => {
    expect(fillTemplate(['p', '{ip}/{seconds}', '{other}', 'a b'], { ip: '203.0.113.45', seconds: '60' })).toEqual(['p', '203.0.113.45/60', '{other}', 'a b']);
  });
});
