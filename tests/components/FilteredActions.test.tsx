// Issue 12, bug 1: keys act only on an alert the list shows. With every alert filtered out, Enter
// must not open the detail of a hidden alert, and b/a must not offer to act on it.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';

afterEach(() => cleanup());

const alert = makeAlert({ ip: '203.0.113.45' });
const state = { snapshot: makeSnapshot({ alerts: [alert], counters: countersFor([alert]) }) };

describe('actions on a filtered-out alert', () => {
  it('Enter does not open an alert that a search hides, and b does not offer to block it', async () => {
    // Given the only alert selected, then hidden by a search that matches nothing
    const r = renderApp({ state });
    await r.waitFor('203.0.113.45');
    await r.pressAndWait('/', 'Search:');
    r.press('z', 'z', 'z');
    await r.pressAndWait(KEYS.ENTER, 'search "zzz"');
    await r.waitFor('Nothing matches');
    // When the analyst presses Enter, then b and a
    const f = await r.pressAndWait(KEYS.ENTER, 'No alert selected');
    // Then no detail opens, no dialog, no status change
    expect(f).not.toContain('Summary');
    await r.pressAndWait('b', (fr) => fr.includes('No alert selected') && !fr.includes('Confirm block'));
    r.press('a');
    await r.waitFor('No alert selected');
    expect(r.frame()).not.toContain('Confirm block');
    expect(r.fake.actions.setStatus).not.toHaveBeenCalled();
    expect(r.fake.actions.block).not.toHaveBeenCalled();
  });

  it('the same when the severity filter hides it (v up to CRITICAL only)', async () => {
    const r = renderApp({ state });
    await r.waitFor('203.0.113.45');
    r.press('v', 'v', 'v');
    await r.waitFor('CRITICAL+');
    await r.waitFor('Nothing matches');
    const f = await r.pressAndWait(KEYS.ENTER, 'No alert selected');
    expect(f).not.toContain('Summary');
    await r.pressAndWait('b', (fr) => fr.includes('No alert selected') && !fr.includes('Confirm block'));
    expect(r.fake.actions.block).not.toHaveBeenCalled();
  });
});
