// The event fields the firewall and flow rules read (TCP flags, direction, interface, bytes per
// direction, the flow's interval), filled by the parsers from real-format lines.
import { describe, expect, it } from 'vitest';
import { toPublicEvent, type SecurityEvent } from '../../../src/engine/model/event.js';
import { createLineParser } from '../../../src/engine/parsers/index.js';

const NOW = Date.UTC(2024, 4, 2);

function parseAll(lines: readonly string[]): SecurityEvent[] {
  const parse = createLineParser({ now: NOW, timeZone: 'UTC' });
  return lines.flatMap((text, i) => parse({ text, file: 't.log', line: i + 1 }).events);
}

const one = (line: string): SecurityEvent => {
  const events = parseAll([line]);
  expect(events).toHaveLength(1);
  return events[0]!;
};

const V4 = 'MAC=02:00:00:00:0a:01:02:00:00:00:0b:02:08:00 SRC=203.0.113.45 DST=192.0.2.10 LEN=44 TOS=0x00 PREC=0x00 TTL=243 ID=54321';

describe('netfilter: TCP flags, direction, interface', () => {
  it('a blocked inbound SYN', () => {
    const e = one(`May  1 09:15:00 fw-edge kernel: [UFW BLOCK] IN=eth0 OUT= ${V4} PROTO=TCP SPT=40222 DPT=3389 WINDOW=1024 RES=0x00 SYN URGP=0 `);
    expect(e).toMatchObject({ tcpFlags: ['SYN'], direction: 'inbound', iface: 'eth0', dport: 3389 });
    expect(toPublicEvent(e)).toMatchObject({ tcpFlags: ['SYN'], direction: 'inbound', iface: 'eth0' });
  });

  it('SEQ=/ACK= numbers are not flags; every printed flag is kept', () => {
    const e = one(`May  1 09:15:00 fw-edge kernel: [UFW BLOCK] IN=eth0 OUT= ${V4} DF PROTO=TCP SPT=443 DPT=51234 SEQ=1 ACK=2 WINDOW=501 RES=0x00 ACK PSH FIN URGP=0 `);
    expect(e.tcpFlags).toEqual(['ACK', 'PSH', 'FIN']);
  });

  it('no flags at all is an empty list, not unknown', () => {
    const e = one(`May  1 09:15:00 fw-edge kernel: [UFW BLOCK] IN=eth0 OUT= ${V4} PROTO=TCP SPT=1 DPT=80 WINDOW=1024 RES=0x00 URGP=0 `);
    expect(e.tcpFlags).toEqual([]);
  });

  it('UDP and a TCP fragment without its header have unknown TCP flags', () => {
    const udp = one(`May  1 09:15:00 fw-edge kernel: [UFW BLOCK] IN=eth0 OUT= ${V4} PROTO=UDP SPT=5353 DPT=161 LEN=24 `);
    const frag = one(`May  1 09:15:00 fw-edge kernel: DROP:IN=eth0 OUT= ${V4.replace('ID=54321', 'ID=1 FRAG:185')} PROTO=TCP `);
    expect(udp.tcpFlags).toBeNull();
    expect(frag.tcpFlags).toBeNull();
  });

  it('OUTPUT-chain lines are no firewall_block of this host (it is SRC=); routed ones are forward', () => {
    const out = parseAll(['May  1 09:15:05 fw-edge kernel: DROP-OUT:IN= OUT=eth0 SRC=192.0.2.10 DST=198.51.100.200 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=4242 DF PROTO=TCP SPT=44120 DPT=25 WINDOW=64240 RES=0x00 SYN URGP=0 UID=33 GID=33 ']);
    const fwd = one('May  1 09:15:05 fw-edge kernel: [UFW BLOCK] IN=eth1 OUT=eth0 SRC=10.0.0.5 DST=198.51.100.200 LEN=60 TOS=0x00 PREC=0x00 TTL=63 ID=1 PROTO=UDP SPT=1 DPT=53 LEN=40 ');
    expect(out).toEqual([]);
    expect(fwd).toMatchObject({ direction: 'forward', iface: 'eth1' });
  });
});

describe('flow records: bytes per direction, interval, direction', () => {
  it('Zeek JSON: IP-level bytes each way, ts + duration, local_orig/local_resp', () => {
    const e = one('{"ts":1714566896.123456,"uid":"C1","id.orig_h":"192.0.2.10","id.orig_p":51234,"id.resp_h":"198.51.100.20","id.resp_p":443,"proto":"tcp","duration":812.004113,"orig_bytes":2450112,"resp_bytes":913877431,"conn_state":"SF","local_orig":true,"local_resp":false,"orig_ip_bytes":26894530,"resp_ip_bytes":939557511}');
    expect(e).toMatchObject({ bytesOut: 26894530, bytesIn: 939557511, bytes: 26894530 + 939557511, direction: 'outbound' });
    expect(e.flowStart).toBe(e.time);
    expect(e.flowEnd).toBe(e.time + 812_004);
    expect(toPublicEvent(e)).toMatchObject({ flowStart: '2024-05-01T12:34:56.123Z', flowEnd: '2024-05-01T12:48:28.127Z' });
  });

  it('Zeek JSON: payload bytes when IP-level counts are missing; inbound, internal, external, unknown', () => {
    const rec = (extra: string) => one(`{"ts":1714566900,"id.orig_h":"203.0.113.45","id.orig_p":1,"id.resp_h":"192.0.2.10","id.resp_p":2,"proto":"tcp","orig_bytes":10,"resp_bytes":20${extra}}`);
    expect(rec(',"local_orig":false,"local_resp":true')).toMatchObject({ bytesOut: 10, bytesIn: 20, direction: 'inbound' });
    expect(rec(',"local_orig":true,"local_resp":true').direction).toBe('internal');
    expect(rec(',"local_orig":false,"local_resp":false').direction).toBe('external');
    const unknown = rec('');
    expect(unknown.direction).toBeNull();
    expect(unknown.flowEnd).toBe(unknown.flowStart);
  });

  it('Zeek TSV: T/F bools and the same fields', () => {
    const h = ['#separator \\x09', '#unset_field\t-', '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_bytes\tresp_bytes\tlocal_orig\tlocal_resp\torig_ip_bytes\tresp_ip_bytes'];
    const events = parseAll([...h, '1714566896.5\tC2\t192.0.2.10\t5000\t198.51.100.20\t443\ttcp\t2.5\t100\t200\tT\tF\t1500\t900']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ bytesOut: 1500, bytesIn: 900, direction: 'outbound', flowStart: 1714566896500, flowEnd: 1714566899000 });
  });

  it('Suricata flow: to-server/to-client bytes, flow.start/end, in_iface; direction unknown', () => {
    const e = one('{"timestamp":"2024-05-01T12:48:28.127813+0000","flow_id":1,"in_iface":"eth0","event_type":"flow","src_ip":"192.0.2.10","src_port":51234,"dest_ip":"198.51.100.20","dest_port":443,"proto":"TCP","flow":{"pkts_toserver":1,"pkts_toclient":1,"bytes_toserver":35451202,"bytes_toclient":948545523,"start":"2024-05-01T12:34:56.123456+0000","end":"2024-05-01T12:48:28.127569+0000","age":812,"state":"closed","reason":"timeout","alerted":false}}');
    expect(e).toMatchObject({ bytesOut: 35451202, bytesIn: 948545523, iface: 'eth0', direction: null });
    expect(e.flowStart).toBe(Date.UTC(2024, 4, 1, 12, 34, 56, 123));
    expect(e.flowEnd).toBe(Date.UTC(2024, 4, 1, 12, 48, 28, 127));
  });

  it('auth events carry none of them', () => {
    const e = one('May  1 09:14:04 bastion-01 sshd[24811]: Failed password for root from 203.0.113.45 port 52144 ssh2');
    expect(e).toMatchObject({ tcpFlags: null, direction: null, iface: null, bytesOut: null, bytesIn: null, flowStart: null, flowEnd: null });
    expect(Object.keys(toPublicEvent(e))).not.toContain('tcpFlags');
  });
});
