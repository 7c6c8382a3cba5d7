/**
 * Mouse reports in xterm's SGR encoding (mode 1006), which a terminal sends while mouse reporting is
 * on (`--mouse`): `ESC [ < b ; x ; y M` when a button is pressed (or the wheel turned), `m` when it
 * is released. Pure: no terminal, no React.
 *
 * How they reach `useInput` (ink 6.8): ink cuts its input into escape sequences, so a report is one
 * input of its own, its ESC stripped (`[<0;12;5M`) and no key flag set. Left to the key dispatcher
 * it would be split into characters, and its digits would switch views. A report cut in two by the
 * way it travelled (SSH, a slow pty) arrives as two inputs: ink hands over the first part on its own
 * when the read ends (`[<0;1`), and the rest comes as plain text (`0;5M`, maybe with keys after it).
 * The reader below takes both kinds out, whether or not the console asked for the mouse.
 */

export type MouseButton = 'left' | 'middle' | 'right' | 'wheelUp' | 'wheelDown' | 'wheelLeft' | 'wheelRight' | 'other';

export interface MouseReport {
  readonly button: MouseButton;
  /** `motion`: the pointer moved with a button held (only sent with motion tracking, which the console never asks for). */
  readonly action: 'press' | 'release' | 'motion';
  /** Where, counted from 1 as the terminal does: column 1 is the left edge, row 1 the top line. */
  readonly column: number;
  readonly row: number;
  readonly shift: boolean;
  readonly meta: boolean;
  readonly ctrl: boolean;
}

/** The largest coordinate taken for real (no terminal is this big); larger ones are garbage. */
export const MAX_MOUSE_COORDINATE = 10_000;

/**
 * A whole report at the start of an input: ESC (usually stripped by ink) and `[` (cut off when the
 * report was split right after it) are optional; the `<` is what makes it a mouse report.
 */
const REPORT = /^\u001b?\[?<(\d+);(\d+);(\d+)([Mm])/;
/** The first part of a report split across two reads: `[<`, `[<0;1`, `\x1b[<64;`. */
const REPORT_START = /^\u001b?\[<[\d;]*$/;
/** A started report longer than this is garbage (dropped), not a report still arriving. */
const MAX_HELD = 32;

const BUTTONS: readonly MouseButton[] = ['left', 'middle', 'right', 'other'];
const WHEEL: readonly MouseButton[] = ['wheelUp', 'wheelDown', 'wheelLeft', 'wheelRight'];

function decode(b: number, x: number, y: number, final: string): MouseReport | null {
  if (b > 255 || x < 1 || y < 1 || x > MAX_MOUSE_COORDINATE || y > MAX_MOUSE_COORDINATE) return null;
  // low two bits: the button; +4 shift, +8 meta, +16 ctrl, +32 motion, +64 wheel, +128 buttons 8-11
  const low = b & 3;
  const button = b & 128 ? 'other' : b & 64 ? WHEEL[low]! : BUTTONS[low]!;
  const action = final === 'm' ? 'release' : b & 32 ? 'motion' : 'press';
  return { button, action, column: x, row: y, shift: (b & 4) !== 0, meta: (b & 8) !== 0, ctrl: (b & 16) !== 0 };
}

/** The report `input` is (`\x1b[<0;12;5M`, or as ink hands it over, `[<0;12;5M`), or null. */
export function parseMouseReport(input: string): MouseReport | null {
  const m = REPORT.exec(input);
  if (!m || m[0].length !== input.length) return null;
  return decode(Number(m[1]), Number(m[2]), Number(m[3]), m[4]!);
}

export interface ReadInput {
  /** The well-formed reports in the input, in order (malformed ones are dropped). */
  readonly reports: readonly MouseReport[];
  /** What is left to read as keys: the input itself when it held nothing of the mouse; null when nothing is left. */
  readonly keys: string | null;
}

/**
 * Takes mouse reports out of the inputs ink delivers, one input at a time. Remembers the first part
 * of a split report until the next input, which completes it; an input that does not go on with it
 * (a named key, other text) drops it (a broken report is never read as keys) and is read on its own.
 */
export function createMouseReader(): (input: string) => ReadInput {
  let held = '';
  const take = (text: string, original: string): ReadInput => {
    const reports: MouseReport[] = [];
    let rest = text;
    for (let m = REPORT.exec(rest); m; m = REPORT.exec(rest)) {
      const report = decode(Number(m[1]), Number(m[2]), Number(m[3]), m[4]!);
      if (report) reports.push(report);
      rest = rest.slice(m[0].length);
    }
    if (REPORT_START.test(rest)) {
      // the start of a report: kept for the next input, or (too long to be one) dropped
      if (rest.length <= MAX_HELD) held = rest;
      return { reports, keys: null };
    }
    if (rest === text && text === original) return { reports, keys: original };
    return { reports, keys: rest === '' ? null : rest };
  };
  return (input) => {
    if (held !== '') {
      const joined = held + input;
      held = '';
      // a named key (an arrow: input '') or text that does not go on with the report ends it
      if (input === '') return take(input, input);
      if (REPORT.test(joined) || (REPORT_START.test(joined) && joined.length <= MAX_HELD)) return take(joined, input);
    }
    return take(input, input);
  };
}
