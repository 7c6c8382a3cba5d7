// A read-only console (the data directory is another process's, or --readonly): said in the header,
// and the keys that would change something say why they do not.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';

afterEach(() => cleanup());

describe('a read-only console', () => {
  it('says READ-ONLY in the header and refuses to block or change a status, with the reason', async () => {
    const alerts = [makeAlert({ ip: '203.0.113.45' })];
    const r = renderApp({ state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }), readOnly: { reason: 'data directory locked by pid 4242' } } });
    const f = await r.waitFor('READ-ONLY');
    expect(f).toContain('threatwatch ▸ alerts READ-ONLY');
    await r.pressAndWait('b', 'Read-only console (data directory locked by pid 4242)');
    expect(r.frame()).not.toContain('Confirm block');
    r.press('a', 'r', 'u');
    await r.waitFor('Read-only console');
    expect(r.fake.actions.setStatus).not.toHaveBeenCalled();
    expect(r.fake.actions.block).not.toHaveBeenCalled();
    expect(r.fake.actions.unblock).not.toHaveBeenCalled();
  });
});
