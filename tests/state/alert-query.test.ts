import { describe, expect, it } from 'vitest';
import { matchesQuery, parseQuery } from '../../src/state/alert-query.js';
import { makeAlert } from '../helpers/fake-console.js';

const a = makeAlert({ ip: '203.0.113.45', users: ['root', 'oracle'], hosts: ['web1', 'db2'], rule: 'BRUTE_FORCE', severity: 'HIGH', status: 'acknowledged' });
const v6 = makeAlert({ ip: '2001:db8:85a3::7', users: ['admin'], hosts: ['web2'], rule: 'PASSWORD_SPRAY', severity: 'LOW', status: 'resolved' });
const q = (text: string, alert = a, blocked = false) => matchesQuery(alert, parseQuery(text), blocked);

describe('the alert search', () => {
  it('matches an IP from its start, not anywhere in it', () => {
    expect(q('203.0.113')).toBe(true);
    expect(q('203.0.113.45')).toBe(true);
    expect(q('0.113.45')).toBe(false);
    expect(q('2001:db8:', v6)).toBe(true);
    expect(q('db8:', v6)).toBe(false);
    expect(q('ip:203.0')).toBe(true);
  });

  it('matches a CIDR range, IPv4 and IPv6', () => {
    expect(q('203.0.113.0/24')).toBe(true);
    expect(q('203.0.112.0/24')).toBe(false);
    expect(q('198.51.0.0/16')).toBe(false);
    expect(q('2001:db8::/32', v6)).toBe(true);
    expect(q('2001:db9::/32', v6)).toBe(false);
    expect(q('203.0.113.0/24', v6)).toBe(false);
    expect(q('ip:203.0.113.32/27')).toBe(true);
  });

  it('matches users, hosts, rules, statuses and severities by field', () => {
    expect(q('user:ora')).toBe(true);
    expect(q('user:admin')).toBe(false);
    expect(q('host:db2')).toBe(true);
    expect(q('host:web2')).toBe(false);
    expect(q('rule:brute')).toBe(true);
    expect(q('rule:spray', v6)).toBe(true);
    expect(q('status:ack')).toBe(true);
    expect(q('status:open')).toBe(true);
    expect(q('status:closed', v6)).toBe(true);
    expect(q('status:blocked', a, true)).toBe(true); // the IP is blocked right now
    expect(q('status:open', a, true)).toBe(false);
    expect(q('sev:high')).toBe(true);
    expect(q('sev:crit')).toBe(false);
  });

  it('negates a word with !, and ANDs the words', () => {
    expect(q('!203.0.113.0/24')).toBe(false);
    expect(q('!203.0.113.0/24', v6)).toBe(true);
    expect(q('!user:root')).toBe(false);
    expect(q('!status:resolved')).toBe(true);
    expect(q('user:root host:web1')).toBe(true);
    expect(q('user:root host:web2')).toBe(false);
    expect(q('root !oracle')).toBe(false);
  });

  it('matches plain words anywhere (summary, users, hosts, rule), case-insensitively', () => {
    expect(q('ORACLE')).toBe(true);
    expect(q('failed ssh')).toBe(true);
    expect(q('web1')).toBe(true);
    expect(q('nothing-like-this')).toBe(false);
    expect(q('')).toBe(true);
    expect(q('!')).toBe(true); // a lone ! is not a word
  });
});
