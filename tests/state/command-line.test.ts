import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/state/command-line.js';

describe('the : command line', () => {
  it('names views, k9s-style, with short forms', () => {
    expect(parseCommandLine('alerts')).toEqual({ kind: 'view', view: 'alerts' });
    expect(parseCommandLine(':b')).toEqual({ kind: 'view', view: 'blocks' });
    expect(parseCommandLine('diag')).toEqual({ kind: 'view', view: 'diagnostics' });
    expect(parseCommandLine('hosts')).toEqual({ kind: 'view', view: 'hosts' });
    expect(parseCommandLine('events')).toEqual({ kind: 'events', ip: null });
    expect(parseCommandLine('events 203.0.113.5')).toEqual({ kind: 'events', ip: '203.0.113.5' });
    expect(parseCommandLine('host web1')).toEqual({ kind: 'host', host: 'web1' });
  });

  it('sets severities, the status filter and the sort in words', () => {
    expect(parseCommandLine('sev high,critical')).toEqual({ kind: 'severity', severities: ['HIGH', 'CRITICAL'] });
    expect(parseCommandLine('sev med+')).toEqual({ kind: 'severity', severities: ['MEDIUM', 'HIGH', 'CRITICAL'] });
    expect(parseCommandLine('sev all')).toEqual({ kind: 'severity', severities: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] });
    expect(parseCommandLine('status closed')).toEqual({ kind: 'status', filter: 'closed' });
    expect(parseCommandLine('sort count')).toEqual({ kind: 'sort', order: { column: 'count', descending: true } });
    expect(parseCommandLine('sort ip desc')).toEqual({ kind: 'sort', order: { column: 'ip', descending: true } });
    expect(parseCommandLine('export /tmp/a.csv')).toEqual({ kind: 'export', path: '/tmp/a.csv' });
    expect(parseCommandLine('q')).toEqual({ kind: 'quit' });
  });

  it('says what is wrong with a command it does not know', () => {
    expect(parseCommandLine('frobnicate')).toMatchObject({ kind: 'error', message: expect.stringContaining(':frobnicate') });
    expect(parseCommandLine('sev extreme')).toMatchObject({ kind: 'error' });
    expect(parseCommandLine('status maybe')).toMatchObject({ kind: 'error' });
    expect(parseCommandLine('')).toMatchObject({ kind: 'error' });
  });
});
