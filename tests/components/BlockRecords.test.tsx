// Issue 10: the blocks view lists the runtime's block records: active ones with the time left (a
// countdown), the backend and the state; failed ones with their error; expired ones. u lifts one.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { NOW } from '../helpers/fake-console.js';
import type { BlockRecord } from '../../src/console/types.js';

afterEach(() => cleanup());

const iso = (ms: number) => new Date(ms).toISOString();
const active: BlockRecord = { ip: '203.0.113.45', backend: 'nftables', at: iso(NOW - 48_000), until: iso(NOW + 3_552_000), alertId: null, simulated: false, state: 'active', seconds: 3600 };
const permanent: BlockRecord = { ip: '198.51.100.0/24', backend: 'nftables', at: iso(NOW - 100_000), until: null, alertId: null, simulated: false, state: 'active', seconds: null };
const failed: BlockRecord = { ip: '192.0.2.7', backend: 'nftables', at: iso(NOW - 30_000), until: iso(NOW + 3_570_000), alertId: null, simulated: false, state: 'failed', error: 'nft: Operation not permitted' };
const expired: BlockRecord = { ip: '192.0.2.99', backend: 'nftables', at: iso(NOW - 7_200_000), until: iso(NOW - 3_600_000), alertId: null, simulated: false, state: 'expired', endedAt: iso(NOW - 3_600_000) };
const lifted: BlockRecord = { ip: '192.0.2.123', backend: 'nftables', at: iso(NOW - 7_200_000), until: null, alertId: null, simulated: false, state: 'unblocked', endedAt: iso(NOW - 60_000) };

function app() {
  return renderApp({ size: { columns: 120, rows: 30 }, state: { blocks: [active, permanent], blockRecords: [expired, lifted, permanent, active, failed] } });
}

describe('the blocks view with the block records', () => {
  it('lists active blocks with a countdown, failed ones with their error, expired ones; not lifted ones', async () => {
    const r = app();
    const f = await r.pressAndWait('3', 'Blocks (2 active)');
    expect(f).toMatch(/203\.0\.113\.45\s+active\s+.*in 59m 12s\s+nftables/);
    expect(f).toMatch(/198\.51\.100\.0\/24\s+active\s+.*permanent\s+nftables/);
    expect(f).toMatch(/192\.0\.2\.7\s+failed\s+.*nft: Operation not permitted/);
    expect(f).toMatch(/192\.0\.2\.99\s+expired/);
    expect(f).not.toContain('192.0.2.123');
    // active first, then failed, then expired
    expect(f.indexOf('203.0.113.45')).toBeLessThan(f.indexOf('192.0.2.7'));
    expect(f.indexOf('192.0.2.7')).toBeLessThan(f.indexOf('192.0.2.99'));
    // the countdown runs with the clock
    r.fake.update({ now: NOW + 1000 });
    await r.waitFor('59m 11s');
  });

  it('u unblocks the selected active block, and says why not for an expired one', async () => {
    const r = app();
    await r.pressAndWait('3', 'Blocks (2 active)');
    await r.pressAndWait('u', 'Unblocked 203.0.113.45');
    expect(r.fake.actions.unblock).toHaveBeenCalledWith('203.0.113.45');
    await r.pressAndWait('G', (f) => /▶ .*192\.0\.2\.99/.test(f));
    await r.pressAndWait('u', '192.0.2.99 is not blocked (expired)');
    expect(r.fake.actions.unblock).toHaveBeenCalledTimes(1);
  });
});
