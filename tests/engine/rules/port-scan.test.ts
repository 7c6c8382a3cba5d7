import { describe, expect, it } from 'vitest';
import { createPortScan, PORT_SCAN } from '../../../src/engine/rules/port-scan.js';
import { block, intel, run, sec, tick } from './harness.js';

const IP = '198.51.100.23';
const PORTS = [21, 22, 23, 25, 80, 110, 143, 443, 445, 3389, 5900, 8080];

/** Blocked SYNs from `ip` to the first `n` ports, `stepS` seconds apart from `startS`. */
const scan = (n: number, stepS = 1, startS = 0, ip = IP) => PORTS.slice(0, n).map((p, i) => block(ip, sec(startS + i * stepS), p));

describe('PORT_SCAN threshold and window', () => {
  it('9 distinct ports within 60 s do not fire; the 10th does, MEDIUM and SPOOFABLE', () => {
    expect(run(createPortScan(), scan(9)).raised).toEqual([]);
    const { raised, final } = run(createPortScan(), scan(10, 4)); // 36 s
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ rule: PORT_SCAN, severity: 'MEDIUM', ip: IP, count: 10, flags: ['SPOOFABLE'] });
    expect(final[0]!.summary).toBe(`10 distinct ports in 36 s: 21,22,23,25,80,… from ${IP} (10 blocked connection attempts on fw-edge)`);
    expect(final[0]!.facts).toEqual({ ports: [21, 22, 23, 25, 80, 110, 143, 443, 445, 3389], distinctPorts: 10, targets: ['192.0.2.10'], protocols: ['tcp'], windowSeconds: 60 });
  });

  it('repeated packets to the same ports are one port each', () => {
    const events = [...scan(9), ...scan(9, 1, 10)];
    const r = run(createPortScan(), events);
    expect(r.raised).toEqual([]);
  });

  it('the 10th port 59.999 s after the 1st fires; 60.000 s after does not', () => {
    const at = (last: number) => [...scan(9), block(IP, sec(0) + last, 9999)];
    expect(run(createPortScan(), at(59_999)).raised).toHaveLength(1);
    expect(run(createPortScan(), at(60_000)).raised).toHaveLength(0);
  });

  it('counts only connection openings: SYN without ACK, UDP, unknown flags; not ACK, RST, outbound', () => {
    const noisy = [
      ...scan(8),
      block(IP, sec(9), 1001, { tcpFlags: ['ACK', 'SYN'] }),
      block(IP, sec(9), 1002, { tcpFlags: ['RST'] }),
      block(IP, sec(9), 1003, { tcpFlags: [] }),
      block(IP, sec(9), 1004, { direction: 'outbound' }),
      block(IP, sec(9), 1005, { proto: 'icmp', dport: null, tcpFlags: null }),
    ];
    expect(run(createPortScan(), noisy).raised).toEqual([]);
    const udp = run(createPortScan(), [...scan(8), block(IP, sec(9), 161, { proto: 'udp', tcpFlags: null })]);
    expect(udp.raised).toEqual([]);
    const opened = run(createPortScan(), [
      ...scan(8),
      block(IP, sec(9), 161, { proto: 'udp', tcpFlags: null }),
      block(IP, sec(10), 7000, { proto: null, tcpFlags: null, direction: null }), // predecessor port_scan record
    ]);
    expect(opened.raised).toHaveLength(1);
    expect(opened.final[0]!.facts?.['protocols']).toEqual(['tcp', 'udp']);
  });

  it('a packet logged a few seconds out of order still counts; one older than the window does not', () => {
    const late = run(createPortScan(), [...scan(9, 1, 10), block(IP, sec(5), 9999)]); // 13 s before the newest
    expect(late.raised).toHaveLength(1);
    expect(late.raised[0]!.firstSeen).toBe(new Date(sec(5)).toISOString());
    const tooLate = run(createPortScan(), [...scan(9, 1, 70), block(IP, sec(18), 9999)]); // 60 s before the newest
    expect(tooLate.raised).toEqual([]);
  });

  it('grows the open incident with new ports and closes after a quiet window; then counts anew', () => {
    const events = [...scan(10), block(IP, sec(20), 9000), block(IP, sec(25), 22), tick(sec(85)), tick(sec(86))];
    const { raised, final } = run(createPortScan(), events, { finish: false });
    expect(raised).toHaveLength(1);
    expect(final[0]!.count).toBe(12);
    expect(final[0]!.facts?.['distinctPorts']).toBe(11);
    expect(final[0]!.summary).toMatch(/^11 distinct ports in 25 s: 21,22,23,25,80,…/);
    const closed = run(createPortScan(), [...events, ...scan(9, 1, 100)]);
    expect(closed.raised).toHaveLength(1);
  });

  it('state expires with the window and tracked IPs are capped', () => {
    const rule = createPortScan({}, 3);
    const r = run(rule, [block('203.0.113.1', sec(0), 1), block('203.0.113.2', sec(1), 1), block('203.0.113.3', sec(2), 1), block('203.0.113.4', sec(3), 1)], { finish: false });
    expect(rule.trackedKeys).toBe(3);
    r.engine.ingestEvents([tick(sec(62))]);
    expect(rule.trackedKeys).toBe(1);
    r.engine.ingestEvents([tick(sec(64))]);
    expect(rule.trackedKeys).toBe(0);
    // An evicted IP starts from scratch: 9 ports, then it is pushed out, then 1 more.
    const capped = createPortScan({}, 2);
    const events = [...scan(9), block('203.0.113.1', sec(10), 1), block('203.0.113.2', sec(10), 1), block(IP, sec(11), 9999)];
    expect(run(capped, events).raised).toEqual([]);
  });

  it('an intel-listed scanner is escalated to HIGH and flagged KNOWN_THREAT as well as SPOOFABLE', () => {
    const { raised } = run(createPortScan(), scan(10, 1, 0, '203.0.113.45'), { intel: intel() });
    expect(raised[0]).toMatchObject({ severity: 'HIGH', flags: ['KNOWN_THREAT', 'SPOOFABLE'] });
    expect(raised[0]!.intel[0]).toMatchObject({ entry: '203.0.113.0/24' });
  });

  it('is configurable', () => {
    expect(run(createPortScan({ distinctPorts: 5, windowSeconds: 10, severity: 'LOW' }), scan(5, 2)).raised[0]).toMatchObject({ severity: 'LOW', count: 5 });
    expect(run(createPortScan({ distinctPorts: 5, windowSeconds: 10 }), scan(5, 3)).raised).toEqual([]);
  });
});
