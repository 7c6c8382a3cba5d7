// replay honours auto-block only with the simulate backend (and records the blocks with --save).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
function attempts(ip: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += `${new Date(T0 + i * 1000).toISOString().replace('Z', '+00:00')} web-01 sshd[${5000 + i}]: Failed password for root from ${ip} port ${50000 + i} ssh2\n`;
  return out;
}

describe('replay and auto-block', () => {
  it('with simulate: blocks the attacker, records it with --save; with a real backend: places nothing and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-replay-ab-'));
    const log = join(dir, 'auth.log');
    writeFileSync(log, attempts('203.0.113.77', 8));
    const sim = join(dir, 'sim.yaml');
    writeFileSync(sim, 'responder:\n  backend: simulate\n  autoBlock:\n    enabled: true\n    rules:\n      - rule: BRUTE_FORCE\n');
    const r = await runCli(['replay', '--save', '--data-dir', join(dir, 'data'), '--config', sim, log]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('auto-block (simulate): 1 address(es) blocked');
    const store = JSON.parse(readFileSync(join(dir, 'data', 'alerts.json'), 'utf8'));
    expect(store.blocks.map((b: { ip: string; simulated: boolean }) => [b.ip, b.simulated])).toEqual([['203.0.113.77', true]]);

    const real = join(dir, 'real.yaml');
    writeFileSync(real, 'responder:\n  backend: nftables\n  autoBlock:\n    enabled: true\n    rules:\n      - rule: BRUTE_FORCE\n');
    const r2 = await runCli(['replay', '--config', real, log]);
    expect(r2.code).toBe(0);
    expect(r2.stderr).toContain('honours it only with the simulate backend');
  });
});
