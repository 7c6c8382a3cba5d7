import { describe, expect, it } from 'vitest';
import ansiEscapes from 'ansi-escapes';
import { createFrameWriter } from '../../src/terminal/frame-writer.js';

/** What Ink writes for a frame: erase the previous one (N lines), then the frame and a newline. */
const inkFrame = (lines: string[], previousLineCount: number) => ansiEscapes.eraseLines(previousLineCount) + lines.join('\n') + '\n';

describe('the frame writer', () => {
  it('draws the first frame whole on a cleared screen, from the top-left corner', () => {
    const w = createFrameWriter();
    const out = w.transform(inkFrame(['header', 'row 1', 'row 2'], 0));
    expect(out.startsWith('\u001b[H\u001b[2J')).toBe(true);
    expect(out).toContain('\u001b[1;1Hheader');
    expect(out).toContain('\u001b[3;1Hrow 2');
    expect(out.endsWith('\u001b[4;1H')).toBe(true);
  });

  it('rewrites only the lines that changed, at their rows', () => {
    const w = createFrameWriter();
    w.transform(inkFrame(['header 12:00', 'row 1', 'row 2', 'footer'], 0));
    const out = w.transform(inkFrame(['header 12:01', 'row 1', 'row 2', 'footer'], 5));
    expect(out).toBe('\u001b[1;1Hheader 12:01\u001b[K\u001b[5;1H');
    // nothing changed: nothing written
    expect(w.transform(inkFrame(['header 12:01', 'row 1', 'row 2', 'footer'], 5))).toBe('');
    // a shorter frame erases the rows it no longer uses
    expect(w.transform(inkFrame(['header 12:01', 'row 1'], 5))).toBe('\u001b[3;1H\u001b[2K\u001b[4;1H\u001b[2K\u001b[3;1H');
  });

  it('passes other writes through, and repaints everything after Ink cleared its output or a resize', () => {
    const w = createFrameWriter();
    w.transform(inkFrame(['a', 'b'], 0));
    expect(w.transform('\u001b[?25l')).toBe('\u001b[?25l');
    expect(w.transform('\u001b]52;c;aGk=\u0007')).toBe('\u001b]52;c;aGk=\u0007');
    expect(w.transform(ansiEscapes.eraseLines(3))).toBe('');
    expect(w.transform(inkFrame(['a', 'b'], 0))).toContain('\u001b[2J');
    w.reset();
    expect(w.transform(inkFrame(['a', 'b'], 3))).toContain('\u001b[2J');
    // Ink clearing the whole terminal itself: the next frame is drawn whole again
    expect(w.transform(`${ansiEscapes.clearTerminal}a\nb`)).toBe(`${ansiEscapes.clearTerminal}a\nb`);
    expect(w.transform(inkFrame(['a', 'b'], 2))).toContain('\u001b[2J');
  });

  it('takes a frame without a trailing newline (a frame as tall as the terminal) by its erase prefix', () => {
    const w = createFrameWriter();
    w.transform(inkFrame(['a', 'b'], 0));
    expect(w.transform(`${ansiEscapes.eraseLines(3)}a\nc`)).toBe('\u001b[2;1Hc\u001b[K\u001b[3;1H');
  });
});
