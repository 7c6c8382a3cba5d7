// Mouse reports (SGR, mode 1006) as the terminal sends them and as ink hands them to useInput: parsed
// into presses, releases and wheel turns, and never left over as keys, even split across two reads.
import { describe, expect, it } from 'vitest';
import { createMouseReader, parseMouseReport, type MouseReport } from '../../src/keys/mouse.js';

const plain = { shift: false, meta: false, ctrl: false };

describe('parseMouseReport', () => {
  it('reads a left press and its release, with or without the ESC ink strips', () => {
    expect(parseMouseReport('\u001b[<0;12;5M')).toEqual<MouseReport>({ button: 'left', action: 'press', column: 12, row: 5, ...plain });
    expect(parseMouseReport('[<0;12;5M')).toEqual<MouseReport>({ button: 'left', action: 'press', column: 12, row: 5, ...plain });
    expect(parseMouseReport('[<0;12;5m')).toMatchObject({ button: 'left', action: 'release' });
    expect(parseMouseReport('[<1;1;1M')).toMatchObject({ button: 'middle' });
    expect(parseMouseReport('[<2;1;1M')).toMatchObject({ button: 'right' });
  });

  it('reads the wheel: 64 up, 65 down (66, 67 sideways)', () => {
    expect(parseMouseReport('[<64;40;10M')).toEqual<MouseReport>({ button: 'wheelUp', action: 'press', column: 40, row: 10, ...plain });
    expect(parseMouseReport('[<65;40;10M')).toMatchObject({ button: 'wheelDown', action: 'press' });
    expect(parseMouseReport('[<66;40;10M')).toMatchObject({ button: 'wheelLeft' });
    expect(parseMouseReport('[<67;40;10M')).toMatchObject({ button: 'wheelRight' });
  });

  it('reads the modifiers (+4 shift, +8 meta, +16 ctrl), motion (+32) and the extra buttons (+128)', () => {
    expect(parseMouseReport('[<4;1;1M')).toMatchObject({ button: 'left', shift: true, meta: false, ctrl: false });
    expect(parseMouseReport('[<8;1;1M')).toMatchObject({ button: 'left', shift: false, meta: true, ctrl: false });
    expect(parseMouseReport('[<16;1;1M')).toMatchObject({ button: 'left', ctrl: true });
    expect(parseMouseReport('[<81;1;1M')).toMatchObject({ button: 'wheelDown', ctrl: true, shift: false });
    expect(parseMouseReport('[<32;3;4M')).toMatchObject({ button: 'left', action: 'motion' });
    expect(parseMouseReport('[<35;3;4M')).toMatchObject({ button: 'other', action: 'motion' });
    expect(parseMouseReport('[<128;1;1M')).toMatchObject({ button: 'other' });
  });

  it('refuses coordinates out of range (0, or larger than any terminal) and buttons past 255', () => {
    expect(parseMouseReport('[<0;0;5M')).toBeNull();
    expect(parseMouseReport('[<0;5;0M')).toBeNull();
    expect(parseMouseReport('[<0;10001;5M')).toBeNull();
    expect(parseMouseReport('[<0;5;99999999999999999999M')).toBeNull();
    expect(parseMouseReport('[<256;1;1M')).toBeNull();
    expect(parseMouseReport('[<0;10000;10000M')).toMatchObject({ column: 10_000, row: 10_000 });
  });

  it('refuses what is not one whole report', () => {
    for (const text of ['', 'M', 'j', '[A', '[<0;1M', '[<0;1;M', '[<a;1;1M', '[<0;1;1', '[<0;1;1Mj', '[<-1;1;1M', '\u001b[1;5A', '[M !!']) {
      expect(parseMouseReport(text), JSON.stringify(text)).toBeNull();
    }
  });
});

describe('createMouseReader', () => {
  it('passes keys through untouched, named keys (input "") included', () => {
    const read = createMouseReader();
    expect(read('j')).toEqual({ reports: [], keys: 'j' });
    expect(read('jjj')).toEqual({ reports: [], keys: 'jjj' });
    expect(read('')).toEqual({ reports: [], keys: '' });
    expect(read('M')).toEqual({ reports: [], keys: 'M' });
    expect(read('[')).toEqual({ reports: [], keys: '[' });
  });

  it('takes a whole report out, leaving nothing to read as keys', () => {
    const read = createMouseReader();
    expect(read('[<65;10;7M')).toEqual({ reports: [expect.objectContaining({ button: 'wheelDown', row: 7 })], keys: null });
    expect(read('\u001b[<0;3;4m')).toEqual({ reports: [expect.objectContaining({ button: 'left', action: 'release' })], keys: null });
  });

  it('drops a malformed report without reading its digits as keys', () => {
    const read = createMouseReader();
    expect(read('[<0;0;0M')).toEqual({ reports: [], keys: null });
    expect(read('[<0;99999;5M')).toEqual({ reports: [], keys: null });
  });

  it('joins a report split across two reads, and reads the keys typed after it', () => {
    const read = createMouseReader();
    expect(read('[<0;1')).toEqual({ reports: [], keys: null });
    expect(read('0;5Mjj')).toEqual({ reports: [expect.objectContaining({ button: 'left', column: 10, row: 5 })], keys: 'jj' });
    // in three pieces, the first with its ESC
    expect(read('\u001b[<')).toEqual({ reports: [], keys: null });
    expect(read('64;2')).toEqual({ reports: [], keys: null });
    expect(read(';3M')).toEqual({ reports: [expect.objectContaining({ button: 'wheelUp', column: 2, row: 3 })], keys: null });
  });

  it('reads the rest of a report whose ESC, or ESC and [, ink delivered on their own', () => {
    const read = createMouseReader();
    expect(read('[<65;1;2M')).toMatchObject({ keys: null });
    expect(read('<65;1;2M')).toEqual({ reports: [expect.objectContaining({ button: 'wheelDown' })], keys: null });
  });

  it('forgets a started report when a key comes instead: the key counts, the fragment never does', () => {
    const read = createMouseReader();
    expect(read('[<0;1')).toEqual({ reports: [], keys: null });
    expect(read('')).toEqual({ reports: [], keys: '' }); // an arrow key
    expect(read('0;5M')).toEqual({ reports: [], keys: '0;5M' }); // nothing started any more: plain text
    expect(read('[<64;')).toEqual({ reports: [], keys: null });
    expect(read('q')).toEqual({ reports: [], keys: 'q' });
  });

  it('drops garbage that looks like the start of a report but is too long to be one, and holds on to nothing', () => {
    const read = createMouseReader();
    expect(read(`[<${'1;'.repeat(40)}`)).toEqual({ reports: [], keys: null });
    expect(read('1;1M')).toEqual({ reports: [], keys: '1;1M' });
  });
});
