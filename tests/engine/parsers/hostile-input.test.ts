/**
 * Input a local user or a remote sender can forge: numbers that would overflow, journal records
 * that lie about their sender, and lines that say nothing but must still be counted.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine.js';
import { toPublicEvent } from '../../../src/engine/model/event.js';
import { MAX_BYTES, MAX_COUNT } from '../../../src/engine/parsers/bounded-number.js';
import { createLineParser } from '../../../src/engine/parsers/index.js';

const NOW = Date.UTC(2024, 4, 2);
const line = (text: string, n = 1) => ({ text, file: 'auth.log', line: n });

describe('every number taken from a log is bounded at parse time', () => {
  it('`PAM <400 digits> more authentication failures` (anyone can write it with logger) stays a finite count', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    for (const tag of ['sshd', 'vsftpd']) {
      const r = parse(line(`May  1 09:14:04 h ${tag}[1]: PAM ${'9'.repeat(400)} more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.45  user=root`));
      expect(r.events).toHaveLength(1);
      const e = r.events[0]!;
      expect(e.count).toBe(MAX_COUNT);
      expect(Number.isFinite(e.attempts)).toBe(true);
      const json = JSON.parse(JSON.stringify(toPublicEvent(e))) as Record<string, unknown>;
      expect(json['count']).toBe(MAX_COUNT);
      expect(typeof json['attempts']).toBe('number');
    }
  });

  it('`message repeated N times` with a huge N, and a PAM summary inside one, stay within MAX_COUNT', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const huge = parse(line(`May  1 09:14:04 h sshd[2]: message repeated ${'1'.repeat(40)} times: [ Failed password for root from 203.0.113.45 port 1 ssh2]`));
    expect(huge.events[0]).toMatchObject({ count: MAX_COUNT, attempts: MAX_COUNT });
    const nested = parse(line(`May  1 09:14:05 h vsftpd[3]: message repeated 999999 times: [ PAM 999999 more authentication failures; logname= uid=0 euid=0 tty= ruser= rhost=203.0.113.46  user=a]`));
    expect(nested.events[0]!.count).toBe(MAX_COUNT);
  });

  it('flow byte totals, flow times and pids', () => {
    const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
    const suricata = parse(line(JSON.stringify({ timestamp: '2024-05-01T12:00:00.000000+0000', event_type: 'flow', src_ip: '203.0.113.45', dest_ip: '192.0.2.10', proto: 'TCP', flow: { bytes_toserver: 1e308, bytes_toclient: 1e308 } })));
    expect(suricata.events[0]!.bytes).toBe(MAX_BYTES);
    const zeek = parse(line(JSON.stringify({ ts: '9'.repeat(30), 'id.orig_h': '203.0.113.45', orig_ip_bytes: '9'.repeat(30), resp_ip_bytes: 1 })));
    expect(zeek.events[0]!.bytes).toBe(MAX_BYTES);
    expect(Number.isFinite(zeek.events[0]!.time)).toBe(true);
    const pid = parse(line('May  1 09:14:04 h sshd[9999999999]: Invalid user a from 203.0.113.45 port 1'));
    expect(pid.events[0]!.pid).toBeNull();
    const legacy = parse(line(JSON.stringify({ type: 'traffic_spike', bytes: 1e300 })));
    expect(legacy.events[0]!.bytes).toBe(MAX_BYTES);
  });
});

describe('journal records are trusted by journald’s own fields, not by the name they give', () => {
  const record = (fields: Record<string, string>) =>
    JSON.stringify({ __REALTIME_TIMESTAMP: '1714547701000042', _HOSTNAME: 'bastion-01', MESSAGE: 'Failed password for root from 203.0.113.45 port 1 ssh2', ...fields });
  const parse = createLineParser({ now: NOW, timeZone: 'UTC' });

  it('takes sshd lines from root processes named sshd, sshd-session or sshd-auth, or in the ssh unit', () => {
    for (const f of <Record<string, string>[]>[
      { SYSLOG_IDENTIFIER: 'sshd', _UID: '0', _COMM: 'sshd' },
      { SYSLOG_IDENTIFIER: 'sshd-session', _UID: '0', _COMM: 'sshd-session' },
      { SYSLOG_IDENTIFIER: 'sshd', _UID: '0', _COMM: 'sshd', _SYSTEMD_UNIT: 'ssh.service' },
      { SYSLOG_IDENTIFIER: 'sshd', _UID: '0', _COMM: 'ssh-wrapper', _SYSTEMD_UNIT: 'sshd@3-192.0.2.10:22-203.0.113.45:5000.service' },
    ]) {
      expect(parse(line(record(f))).status, JSON.stringify(f)).toBe('matched');
    }
  });

  it('refuses (and says so) records that only claim to be sshd or the kernel', () => {
    for (const f of <Record<string, string>[]>[
      { SYSLOG_IDENTIFIER: 'sshd', _UID: '1000', _COMM: 'logger' },
      { SYSLOG_IDENTIFIER: 'sshd', _UID: '1000', _COMM: 'sshd' },
      { SYSLOG_IDENTIFIER: 'sshd', _UID: '0', _COMM: 'python3' },
      { SYSLOG_IDENTIFIER: 'sshd', _UID: '0', _COMM: 'logger', _SYSTEMD_UNIT: 'cron.service' },
      { SYSLOG_IDENTIFIER: 'sshd' },
      { SYSLOG_IDENTIFIER: 'sshd(pam_unix)', _UID: '1000', _COMM: 'logger' },
    ]) {
      const r = parse(line(record(f)));
      expect(r, JSON.stringify(f)).toMatchObject({ status: 'unknown', reason: 'refused', events: [] });
    }
    const kernel = (transport: string) =>
      JSON.stringify({ __REALTIME_TIMESTAMP: '1714547701000042', _TRANSPORT: transport, SYSLOG_IDENTIFIER: 'kernel', MESSAGE: '[UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.45 DST=192.0.2.10 PROTO=TCP SPT=1 DPT=22 SYN ' });
    expect(parse(line(kernel('syslog')))).toMatchObject({ status: 'unknown', reason: 'refused' });
    expect(parse(line(kernel('kernel'))).status).toBe('matched');
  });

  it('the engine counts refused records, lines without an envelope and lines of other programs apart', () => {
    const engine = createEngine({ parse: createLineParser({ now: NOW, timeZone: 'UTC' }), config: { bruteForce: { threshold: 5, windowSeconds: 60 } } });
    engine.ingest([
      line(record({ SYSLOG_IDENTIFIER: 'sshd', _UID: '1000', _COMM: 'logger' }), 1),
      line('not a log line', 2),
      line('May  1 09:17:01 h CRON[25001]: (root) CMD (true)', 3),
      line('May  1 09:17:02 h sshd[9]: Something entirely new', 4),
    ]);
    expect(engine.stats).toMatchObject({ lines: 4, unknown: 3, refused: 1, noEnvelope: 1, otherProgram: 1, unmatched: 1 });
  });
});
