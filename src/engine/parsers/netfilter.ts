/**
 * Netfilter LOG lines from the kernel (iptables/ip6tables/nftables `log`, UFW; log-formats.md §5).
 * The prefix is everything before the first `IN=`. Prefixes naming BLOCK/DROP/REJECT/DENY are
 * blocks; prefixes naming ALLOW, ACCEPT or AUDIT are not (→ `ignored`); any other prefix is
 * treated as a block (people log what they drop). Outer-header fields are read up to the first
 * ` [` after `PROTO=` (an ICMP error embeds the offending packet), and the first key wins
 * (UDP has two `LEN=`, ICMP echo two `ID=`). TCP SYN/ACK bits are kept as `syn` / `ack` flags;
 * all TCP flags as printed go to `tcpFlags` (null without a TCP header), `IN=`/`OUT=` give
 * `direction` and `iface`.
 * Direction (log-formats.md §3.10): only a packet that came in (`IN=` names an interface other than
 * `lo`) makes `SRC=` a remote actor; an outbound line (`IN=` empty: this host is `SRC=`) and
 * loopback traffic are `ignored`, never a `firewall_block` of this host.
 */
import { messageEvent, type MessageOutcome } from './message-event.js';
import { templateTrace } from './template-trace.js';
import { normalizeIp } from '../net/ip.js';

/** 127.0.0.0/8 and ::1 (normalized forms). */
function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.');
}

const UPTIME = /^\[\s*\d+\.\d+\]\s?/;

/** Removes a printk uptime stamp `[  123.456] ` from the start of a kernel message. */
export function stripKernelUptime(msg: string): string {
  if (msg.charCodeAt(0) !== 91) return msg;
  const m = UPTIME.exec(msg);
  return m === null ? msg : msg.slice(m[0].length);
}

/**
 * Where the fields of a netfilter LOG line start: the first `IN=<dev>` directly followed by
 * ` OUT=` (the printer always writes them together), with `SRC=` later; -1 when there is none.
 * Other kernel messages that merely contain `IN=` (an AppArmor path, a driver note) do not count.
 */
export function netfilterStart(msg: string): number {
  let i = msg.indexOf('IN=');
  while (i !== -1) {
    const space = msg.indexOf(' ', i);
    if (space === -1) return -1;
    if (msg.startsWith('OUT=', space + 1)) return msg.indexOf(' SRC=', space) === -1 ? -1 : i;
    i = msg.indexOf('IN=', i + 3);
  }
  return -1;
}

/** True when a kernel message is a netfilter LOG line. */
export function isNetfilterMessage(msg: string): boolean {
  return netfilterStart(msg) !== -1;
}

function isBlockPrefix(prefix: string): boolean {
  const upper = prefix.toUpperCase();
  if (upper.includes('BLOCK') || upper.includes('DROP') || upper.includes('REJECT') || upper.includes('DENY')) return true;
  return !(upper.includes('ALLOW') || upper.includes('ACCEPT') || upper.includes('AUDIT'));
}

/** The value of the first `KEY=` token (at the start or after a space), or undefined. */
function field(body: string, key: string): string | undefined {
  let i = body.indexOf(key);
  while (i > 0 && body.charCodeAt(i - 1) !== 32) i = body.indexOf(key, i + 1);
  if (i === -1) return undefined;
  const start = i + key.length;
  const end = body.indexOf(' ', start);
  return body.slice(start, end === -1 ? body.length : end);
}

/** True when the bare word `flag` is one of the tokens. */
function hasFlag(body: string, flag: string): boolean {
  let i = body.indexOf(flag);
  while (i !== -1) {
    const before = i === 0 || body.charCodeAt(i - 1) === 32;
    const after = i + flag.length === body.length || body.charCodeAt(i + flag.length) === 32;
    if (before && after) return true;
    i = body.indexOf(flag, i + 1);
  }
  return false;
}

/** Flag lists by their text (`SYN`, `ACK PSH`…): a handful of combinations, each list shared and frozen. */
const FLAG_LISTS = new Map<string, readonly string[]>();
const FLAG_LISTS_LIMIT = 256;
const NO_TCP_FLAGS: readonly string[] = Object.freeze([]);

/**
 * The TCP flags between `RES=0x..` and `URGP=` (the kernel prints them there, in a fixed order),
 * or null when the line has no TCP header (not TCP, or a non-first fragment).
 */
function tcpFlagsOf(body: string): readonly string[] | null {
  const res = body.indexOf(' RES=0x');
  if (res === -1) return null;
  const from = body.indexOf(' ', res + 1);
  const urgp = body.indexOf(' URGP=', res);
  if (from === -1 || urgp === -1) return null;
  if (from >= urgp) return NO_TCP_FLAGS;
  const text = body.slice(from + 1, urgp);
  const known = FLAG_LISTS.get(text);
  if (known !== undefined) return known;
  const flags = Object.freeze(text.split(' ').filter((t) => t.length > 0 && !t.includes('=')));
  if (FLAG_LISTS.size < FLAG_LISTS_LIMIT) FLAG_LISTS.set(text, flags);
  return flags;
}

function port(value: string | undefined): number | null {
  if (value === undefined || value.length === 0 || value.length > 5) return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}

/**
 * Parse a kernel message (uptime stamp already removed); `inAt` is `netfilterStart(msg)` when the
 * caller already has it.
 */
export function parseNetfilterMessage(msg: string, inAt = netfilterStart(msg)): MessageOutcome {
  if (inAt === -1) return 'unmatched';
  if (!isBlockPrefix(msg.slice(0, inAt))) return 'ignored';
  const protoAt = msg.indexOf(' PROTO=', inAt);
  const cut = protoAt === -1 ? -1 : msg.indexOf(' [', protoAt);
  const body = msg.slice(inAt, cut === -1 ? msg.length : cut);
  const src = field(body, 'SRC=');
  const dst = field(body, 'DST=');
  const spt = field(body, 'SPT=');
  const dpt = field(body, 'DPT=');
  const proto = field(body, 'PROTO=');
  const syn = hasFlag(body, 'SYN');
  const ack = hasFlag(body, 'ACK');
  const ip = src === undefined ? null : normalizeIp(src);
  if (ip === null) return 'unmatched';
  const inDevice = field(body, 'IN=');
  if (inDevice === undefined || inDevice.length === 0 || inDevice === 'lo' || isLoopback(ip)) {
    templateTrace.id = 'kernel.netfilter-not-inbound';
    return 'ignored';
  }
  const event = messageEvent('firewall_block', 'none', ip, null, port(spt));
  event.dport = port(dpt);
  event.proto = proto === undefined || proto.length === 0 ? null : proto.toLowerCase();
  event.dst = dst === undefined ? null : normalizeIp(dst);
  if (syn || ack) event.flags = syn && ack ? ['syn', 'ack'] : syn ? ['syn'] : ['ack'];
  event.tcpFlags = event.proto === 'tcp' ? tcpFlagsOf(body) : null;
  // an inbound interface is certain here (checked above): routed on when OUT= names another
  const outDev = field(body, 'OUT=') ?? '';
  event.direction = outDev.length > 0 ? 'forward' : 'inbound';
  event.iface = inDevice;
  return event;
}
