/**
 * `replay` on a directory of mixed real-format logs — sshd in auth.log, UFW in kern.log, a Zeek
 * conn.log (TSV) and a Suricata eve.json — reports every rule, through the built CLI (npm test
 * builds it first). The lines are composed here in the documented formats (log-formats.md §2.2,
 * §3, §5, §6), with documentation addresses; 198.51.100.128/28 is on the shipped intel feed.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/engine/model/alert.js';
import { ndjson, runCli, type CliResult } from '../../helpers/run-cli.js';

const BASE = Date.UTC(2024, 4, 1, 10, 0, 0);
const at = (s: number): number => BASE + s * 1000;

/** `2024-05-01T10:00:00.000000+00:00` (rsyslog RFC 3339 file format). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}

const auth: [number, string][] = [];
const kern: [number, string][] = [];
let pid = 5000;
let port = 40000;

function sshd(s: number, msg: string, p = pid++): void {
  auth.push([at(s), `${stamp(at(s))} bastion-01 sshd[${p}]: ${msg}`]);
}
function failed(s: number, ip: string, user = 'root'): void {
  sshd(s, `Failed password for ${user} from ${ip} port ${port++} ssh2`);
}
function invalid(s: number, ip: string, user: string): void {
  const p = pid++;
  const pt = port++;
  sshd(s, `Invalid user ${user} from ${ip} port ${pt}`, p);
  sshd(s + 1, `Failed password for invalid user ${user} from ${ip} port ${pt} ssh2`, p);
}
function ufw(s: number, ip: string, dport: number, flags = 'SYN'): void {
  kern.push([at(s), `${stamp(at(s))} fw-edge kernel: [UFW BLOCK] IN=eth0 OUT= MAC=02:00:00:00:0a:01:02:00:00:00:0b:02:08:00 SRC=${ip} DST=192.0.2.10 LEN=44 TOS=0x00 PREC=0x00 TTL=243 ID=54321 PROTO=TCP SPT=${port++} DPT=${dport} WINDOW=1024 RES=0x00 ${flags} URGP=0 `]);
}

const BRUTE = '198.51.100.10';
const SPRAY = '198.51.100.11';
const LOGIN = '198.51.100.12';
const SLOW = '198.51.100.13';
const SCAN = '198.51.100.14';
const RECIDIVIST = '198.51.100.130'; // on the shipped feed
const NAMES = ['admin', 'test', 'oracle', 'guest', 'git', 'pi', 'ftpuser', 'support', 'dev', 'hadoop'];

// BRUTE_FORCE: 6 failures in 10 s.
for (let i = 0; i < 6; i++) failed(100 + 2 * i, BRUTE);
// PASSWORD_SPRAY: 10 invalid names, 30 s apart (never 6 within a minute).
NAMES.forEach((u, i) => invalid(200 + 30 * i, SPRAY, u));
// LOGIN_AFTER_FAILURES: 5 failures 30 s apart, then the password works.
for (let i = 0; i < 5; i++) failed(300 + 30 * i, LOGIN, 'deploy');
sshd(480, `Accepted password for deploy from ${LOGIN} port ${port++} ssh2`);
// SLOW_BRUTE_FORCE: 20 failures 150 s apart (47.5 min).
for (let i = 0; i < 20; i++) failed(60 + 150 * i, SLOW, 'postgres');
// DISTRIBUTED_BRUTE_FORCE: 20 addresses, one failure each on `oracle`, 8 s apart.
for (let i = 0; i < 20; i++) failed(600 + 8 * i, `203.0.113.${10 + i}`, 'oracle');
// PORT_SCAN: 12 ports in 22 s, plus replies and RSTs that must not count.
[21, 22, 23, 25, 80, 110, 143, 443, 445, 3389, 5900, 8080].forEach((p, i) => ufw(900 + 2 * i, SCAN, p));
ufw(930, SCAN, 9001, 'ACK RST');
// REPEAT_OFFENDER: a scan, then three brute-force bursts 5 min apart: the 4th alert.
[22, 23, 80, 443, 445, 1433, 3306, 3389, 5432, 6379].forEach((p, i) => ufw(1200 + i, RECIDIVIST, p));
for (const start of [1500, 1800, 2100]) for (let i = 0; i < 6; i++) failed(start + i, RECIDIVIST, 'admin');

// TRAFFIC_SPIKE from a Zeek conn.log (TSV): 192.0.2.10 sends 2.5 MB out in one minute; small flows around it.
const zeekHeader = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#open\t2024-05-01-10-00-00',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
];
const zeekRow = (s: number, orig: string, dur: number, out: number, back: number) =>
  `${(at(s) / 1000).toFixed(6)}\tC${s}\t${orig}\t${51000 + s}\t198.51.100.200\t443\ttcp\tssl\t${dur}\t${out - 40}\t${back - 40}\tSF\tT\tF\t0\tShADadFf\t10\t${out}\t10\t${back}\t-`;
const conn = [...zeekHeader, zeekRow(1000, '192.0.2.10', 1.5, 4000, 9000), zeekRow(1505, '192.0.2.10', 20.25, 2_500_000, 60_000), zeekRow(1700, '192.0.2.10', 2, 3000, 7000)];

// A Suricata flow (direction unknown: the originator's bytes): 192.0.2.20 sends 1.2 MB.
const suricataTime = (ms: number) => new Date(ms).toISOString().replace('Z', '000+0000').replace(/\.(\d{3})000\+0000$/, '.$1000+0000');
const eve = [
  JSON.stringify({ timestamp: suricataTime(at(2400)), flow_id: 1125899906842624, in_iface: 'eth0', event_type: 'flow', src_ip: '192.0.2.20', src_port: 51234, dest_ip: '198.51.100.201', dest_port: 443, proto: 'TCP', app_proto: 'tls', flow: { pkts_toserver: 900, pkts_toclient: 700, bytes_toserver: 1_200_000, bytes_toclient: 50_000, start: suricataTime(at(2370)), end: suricataTime(at(2395)), age: 25, state: 'closed', reason: 'timeout', alerted: false } }),
  JSON.stringify({ timestamp: suricataTime(at(2500)), event_type: 'alert', src_ip: '192.0.2.20', dest_ip: '198.51.100.201', flow: { bytes_toserver: 9_000_000 } }),
];

let dir = '';
let result: CliResult;
let alerts: Alert[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'threatwatch-mixed-'));
  const sorted = (lines: [number, string][]) => lines.sort((a, b) => a[0] - b[0]).map(([, l]) => l).join('\n') + '\n';
  writeFileSync(join(dir, 'auth.log'), sorted(auth));
  writeFileSync(join(dir, 'kern.log'), sorted(kern));
  writeFileSync(join(dir, 'conn.log'), conn.join('\n') + '\n');
  writeFileSync(join(dir, 'eve.json'), eve.join('\n') + '\n');
  const files = readdirSync(dir).sort().map((f) => join(dir, f));
  result = await runCli(['replay', '--format', 'ndjson', '--timezone', 'UTC', ...files]);
  alerts = ndjson<Alert>(result.stdout);
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const find = (rule: string, subject: string): Alert => {
  const a = alerts.find((x) => x.rule === rule && x.subject.value === subject);
  if (a === undefined) throw new Error(`no ${rule} for ${subject}; got ${alerts.map((x) => `${x.rule} ${x.subject.value}`).join(', ')}`);
  return a;
};

describe('replay on a mixed directory of auth, firewall and flow logs', () => {
  it('exits 0 and reports every rule', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/matched no template/);
    expect(new Set(alerts.map((a) => a.rule))).toEqual(
      new Set(['BRUTE_FORCE', 'PORT_SCAN', 'TRAFFIC_SPIKE', 'PASSWORD_SPRAY', 'LOGIN_AFTER_FAILURES', 'SLOW_BRUTE_FORCE', 'DISTRIBUTED_BRUTE_FORCE', 'REPEAT_OFFENDER']),
    );
  });

  it('each alert is about the right subject, with its numbers', () => {
    expect(find('BRUTE_FORCE', BRUTE)).toMatchObject({ severity: 'HIGH', count: 6 });
    expect(find('PASSWORD_SPRAY', SPRAY)).toMatchObject({ severity: 'HIGH', count: 10, facts: { distinctUsers: 10 } });
    expect(find('LOGIN_AFTER_FAILURES', LOGIN)).toMatchObject({ severity: 'CRITICAL', facts: { failures: 5, loginUser: 'deploy' } });
    expect(find('SLOW_BRUTE_FORCE', SLOW)).toMatchObject({ severity: 'MEDIUM', count: 20 });
    expect(find('DISTRIBUTED_BRUTE_FORCE', 'oracle')).toMatchObject({ severity: 'HIGH', ip: null, facts: { distinctIps: 20 } });
    const scan = find('PORT_SCAN', SCAN);
    expect(scan).toMatchObject({ severity: 'MEDIUM', count: 12, flags: ['SPOOFABLE'] });
    expect(scan.summary).toMatch(/^12 distinct ports in 22 s: 21,22,23,25,80,… from 198\.51\.100\.14/);
    const zeek = find('TRAFFIC_SPIKE', '192.0.2.10');
    expect(zeek).toMatchObject({ severity: 'LOW', count: 2_500_000, facts: { overThreshold: true } });
    expect(find('TRAFFIC_SPIKE', '192.0.2.20')).toMatchObject({ count: 1_200_000 });
  });

  it('intel escalates every rule about a listed address; the recidivist is a CRITICAL repeat offender', () => {
    const ro = find('REPEAT_OFFENDER', RECIDIVIST);
    expect(ro).toMatchObject({ severity: 'CRITICAL', count: 4, facts: { rules: ['PORT_SCAN', 'BRUTE_FORCE', 'BRUTE_FORCE', 'BRUTE_FORCE'] } });
    expect(ro.flags).toContain('KNOWN_THREAT');
    expect(find('PORT_SCAN', RECIDIVIST)).toMatchObject({ severity: 'HIGH', flags: ['KNOWN_THREAT', 'SPOOFABLE'] });
    expect(alerts.filter((a) => a.rule === 'BRUTE_FORCE' && a.ip === RECIDIVIST).map((a) => a.severity)).toEqual(['CRITICAL', 'CRITICAL', 'CRITICAL']);
  });

  it('nothing else: the counted-but-slow addresses trip no other rule', () => {
    expect(alerts.filter((a) => a.ip === SLOW).map((a) => a.rule)).toEqual(['SLOW_BRUTE_FORCE']);
    expect(alerts.filter((a) => a.ip === SPRAY).map((a) => a.rule)).toEqual(['PASSWORD_SPRAY']);
    expect(alerts.filter((a) => a.ip === LOGIN).map((a) => a.rule)).toEqual(['LOGIN_AFTER_FAILURES']);
    expect(alerts).toHaveLength(13);
    expect(result.stderr).toMatch(/13 alerts/);
  });
});
