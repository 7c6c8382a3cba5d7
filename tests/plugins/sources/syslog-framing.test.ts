import { describe, expect, it } from 'vitest';
import { datagramText, SyslogFramer } from '../../../src/plugins/sources/syslog-framing.js';

function frames(input: Buffer | string, maxBytes = 1024, chunkSize = 0): { msgs: string[]; cut: boolean[]; framer: SyslogFramer } {
  const msgs: string[] = [];
  const cut: boolean[] = [];
  const framer = new SyslogFramer(maxBytes, (text, truncated) => {
    msgs.push(text);
    cut.push(truncated);
  });
  const buf = typeof input === 'string' ? Buffer.from(input) : input;
  if (chunkSize === 0) framer.push(buf);
  else for (let i = 0; i < buf.length; i += chunkSize) framer.push(buf.subarray(i, i + chunkSize));
  return { msgs, cut, framer };
}

const octet = (msg: string): string => `${Buffer.byteLength(msg)} ${msg}`;

describe('SyslogFramer', () => {
  const m1 = '<38>May  1 09:14:04 bastion-01 sshd[24811]: Failed password for root from 203.0.113.45 port 52144 ssh2';
  const m2 = '<38>1 2024-05-01T07:14:04.118532Z bastion-01 sshd 24811 - - Invalid user é from 203.0.113.45 port 52144';
  const multi = '<38>1 - h app - - - first line\nsecond line of the same message';

  it('splits LF-delimited frames, dropping CR and empty frames', () => {
    expect(frames(`${m1}\r\n\n${m2}\n`).msgs).toEqual([m1, m2]);
  });

  it('reads octet-counted frames, raw LF inside included, counting bytes not characters', () => {
    expect(frames(octet(m2) + octet(multi) + octet(m1)).msgs).toEqual([m2, multi, m1]);
  });

  it('decides the framing per frame (rsyslog imtcp) and tolerates an LF after a counted frame', () => {
    expect(frames(`${octet(m1)}\n${m2}\n${octet(multi)}`).msgs).toEqual([m1, m2, multi]);
  });

  it('gives the same frames whatever the chunking, down to one byte at a time', () => {
    const stream = `${octet(m2)}${m1}\n${octet(multi)}\n${m2}\n`;
    const whole = frames(stream).msgs;
    for (const size of [1, 2, 3, 7, 50]) expect(frames(stream, 1024, size).msgs).toEqual(whole);
    expect(whole).toEqual([m2, m1, multi, m2]);
  });

  it('reads digits not followed by a space as the start of an LF-delimited message', () => {
    expect(frames('12345678901 x\n2024-05-01T09:14:04Z host sshd: x\n').msgs).toEqual(['12345678901 x', '2024-05-01T09:14:04Z host sshd: x']);
  });

  it('accepts NUL as a delimiter', () => {
    expect(frames(`${m1}\0${m2}\0`).msgs).toEqual([m1, m2]);
  });

  it('cuts a 1 MB line to the limit, skips its rest and goes on', () => {
    const big = 'A'.repeat(1 << 20);
    const { msgs, cut } = frames(`${big}\n${m1}\n`, 64 * 1024, 65_536);
    expect(msgs.map((m) => m.length)).toEqual([64 * 1024, m1.length]);
    expect(cut).toEqual([true, false]);
    const counted = frames(`${octet(big)}${octet(m1)}`, 64 * 1024, 65_536);
    expect(counted.msgs.map((m) => m.length)).toEqual([64 * 1024, m1.length]);
    expect(counted.cut).toEqual([true, false]);
  });

  it('at the end of a connection: delivers an unterminated LF message, drops a half counted frame', () => {
    const lf = frames('<38>no newline yet');
    expect(lf.msgs).toEqual([]);
    expect(lf.framer.end()).toBe(false);
    expect(lf.msgs).toEqual(['<38>no newline yet']);
    const half = frames('120 <38>1 - only half of it');
    expect(half.framer.holding).toBe(true);
    expect(half.framer.end()).toBe(true);
    expect(half.msgs).toEqual([]);
  });

  it('survives binary garbage, with invalid UTF-8 replaced, and keeps framing after it', () => {
    let seed = 7;
    const garbage = Buffer.alloc(100_000);
    for (let i = 0; i < garbage.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      garbage[i] = seed >>> 24;
    }
    const { msgs } = frames(Buffer.concat([garbage, Buffer.from(`\n${m1}\n`)]), 4096, 997);
    expect(msgs.at(-1)).toBe(m1);
    expect(msgs.every((m) => Buffer.byteLength(m) <= 4096 * 3)).toBe(true);
  });
});

describe('datagramText', () => {
  it('is the datagram without trailing LF or NUL, cut to the limit', () => {
    expect(datagramText(Buffer.from('<13>hello\n\0'), 100)).toEqual({ text: '<13>hello', truncated: false });
    expect(datagramText(Buffer.from('\n'), 100)).toBeNull();
    expect(datagramText(Buffer.from('x'.repeat(600)), 480)).toEqual({ text: 'x'.repeat(480), truncated: true });
  });
});
