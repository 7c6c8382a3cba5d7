/** UFW kernel lines (log-formats.md §5): single blocked packets and port scans, IPv4 and IPv6. */
import { SERVER_IPV4, SERVER_V6, type V6Address } from './addresses.js';
import { SCAN_PORTS } from './names.js';
import type { SimContext } from './sim-context.js';

export type PacketSource = { v4: string } | { v6: V6Address };

const MAC_V4 = '02:00:00:00:0a:01:02:00:00:00:0b:02:08:00';
const MAC_V6 = '02:00:00:00:0a:01:02:00:00:00:0b:02:86:dd';

function uptime(ctx: SimContext, t: number): string {
  if (!ctx.kernelStamps) return '';
  const ms = Math.max(0, t - ctx.bootAt);
  const secs = String(Math.floor(ms / 1000)).padStart(5, ' ');
  const micros = String(Math.floor((ms % 1000) * 1000)).padStart(6, '0');
  return `[${secs}.${micros}] `;
}

/** One `[UFW BLOCK]` line for a connection-opening packet (TCP SYN or UDP) to `dport`. */
export function ufwBlock(ctx: SimContext, t: number, src: PacketSource, dport: number, proto: 'TCP' | 'UDP'): void {
  const { rnd } = ctx;
  const spt = rnd.int(1024, 65535);
  let fields: string;
  if ('v4' in src) {
    const len = proto === 'TCP' ? rnd.pick([40, 44, 60]) : rnd.int(29, 120);
    const df = rnd.chance(0.3) ? 'DF ' : '';
    const head = `IN=eth0 OUT= MAC=${MAC_V4} SRC=${src.v4} DST=${SERVER_IPV4} LEN=${len} TOS=0x00 PREC=0x00 TTL=${rnd.int(40, 250)} ID=${rnd.int(0, 65535)} ${df}`;
    fields =
      proto === 'TCP'
        ? `${head}PROTO=TCP SPT=${spt} DPT=${dport} WINDOW=${rnd.pick([1024, 65535, 29200])} RES=0x00 SYN URGP=0 `
        : `${head}PROTO=UDP SPT=${spt} DPT=${dport} LEN=${len - 20} `;
  } else {
    const len = proto === 'TCP' ? 80 : rnd.int(49, 140);
    const head = `IN=eth0 OUT= MAC=${MAC_V6} SRC=${src.v6.expanded} DST=${SERVER_V6.expanded} LEN=${len} TC=0 HOPLIMIT=${rnd.int(40, 64)} FLOWLBL=${rnd.int(0, 1048575)} `;
    fields =
      proto === 'TCP'
        ? `${head}PROTO=TCP SPT=${spt} DPT=${dport} WINDOW=${rnd.pick([64800, 1024])} RES=0x00 SYN URGP=0 `
        : `${head}PROTO=UDP SPT=${spt} DPT=${dport} LEN=${len - 40} `;
  }
  ctx.emit(t, 'kernel', null, `${uptime(ctx, t)}[UFW BLOCK] ${fields}`);
}

/** A scan: 10–30 distinct destination ports from one source within 2–20 s. */
export function portScan(ctx: SimContext, t: number, src: PacketSource): void {
  const { rnd } = ctx;
  const ports = new Set<number>();
  const want = rnd.int(10, 30);
  while (ports.size < want) {
    ports.add(rnd.chance(0.7) ? rnd.pick(SCAN_PORTS) : rnd.int(1, 65535));
  }
  const span = rnd.range(2000, 20000);
  for (const port of ports) {
    ufwBlock(ctx, t + rnd.next() * span, src, port, rnd.chance(0.9) ? 'TCP' : 'UDP');
  }
}
