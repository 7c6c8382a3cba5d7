// The alert search in the list: IP prefix, CIDR, user, host, rule, status, and ! negation.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { KEYS } from '../helpers/keys.js';
import { countersFor, makeAlert, makeSnapshot } from '../helpers/fake-console.js';
import { initialState } from '../../src/state/view-reducer.js';

afterEach(() => cleanup());

const alerts = [
  makeAlert({ ip: '203.0.113.45', users: ['root'], hosts: ['web1'] }),
  makeAlert({ ip: '203.0.113.200', users: ['oracle'], hosts: ['db2'], status: 'resolved' }),
  makeAlert({ ip: '198.51.100.7', users: ['admin'], hosts: ['web1'], rule: 'PASSWORD_SPRAY' }),
  makeAlert({ ip: '2001:db8::45', users: ['root'], hosts: ['web2'] }),
];
const listRows = (f: string) => f.split('\n').filter((l) => /^│ [▶ ]. +\d\d:\d\d/.test(l));

async function search(text: string): Promise<string[]> {
  const r = renderApp({ state: { snapshot: makeSnapshot({ alerts, counters: countersFor(alerts) }) }, initialView: { ...initialState, statusFilter: 'all' } });
  await r.waitFor('Alerts (4)');
  r.press('/', ...text);
  const f = await r.pressAndWait(KEYS.ENTER, `search "${text.slice(0, 20)}`);
  cleanup();
  return listRows(f).map((l) => /(\d+\.\d+\.\d+\.\d+|[0-9a-f:]+::[0-9a-f]+)/.exec(l)?.[1] ?? '?').sort();
}

describe('the search language, typed after /', () => {
  it.each([
    ['203.0.113', ['203.0.113.200', '203.0.113.45']],
    ['203.0.113.0/25', ['203.0.113.45']],
    ['2001:db8::/32', ['2001:db8::45']],
    ['user:root', ['2001:db8::45', '203.0.113.45']],
    ['host:web1', ['198.51.100.7', '203.0.113.45']],
    ['rule:spray', ['198.51.100.7']],
    ['status:resolved', ['203.0.113.200']],
    ['!status:resolved !host:web2', ['198.51.100.7', '203.0.113.45']],
    ['!203.0.113.0/24', ['198.51.100.7', '2001:db8::45']],
  ])('%s', async (text, expected) => {
    expect(await search(text)).toEqual(expected);
  });
});
