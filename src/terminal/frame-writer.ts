/**
 * Rewrites only the lines that changed between two frames. Ink (6.8, standard rendering) writes
 * every frame whole: it erases the previous frame line by line and prints the new one, ~9 KB for a
 * 120×40 console, ten times a second under load — too much for a slow SSH link. On the alternate
 * screen the frame always starts at the top-left corner, so this writer can put each changed line
 * at its row with an absolute cursor move and leave the others alone. (Ink's own
 * `incrementalRendering` moves the cursor relative to where it thinks it is, and is off by one line
 * when the frame ends with a newline, which ours does.)
 *
 * It recognises Ink's writes by their shape: a frame is an "erase N lines" prefix (ansi-escapes'
 * `eraseLines`) followed by the frame's lines, or — the first frame, or the first after Ink cleared
 * its output — lines ending with a newline. An erase alone (Ink clearing its output before writing
 * something else) makes the next frame a full repaint, and so does anything that clears the screen
 * (Ink's own full repaint when a frame outgrows the terminal). Anything else — cursor show/hide,
 * synchronized-update markers, an OSC 52 clipboard write — passes through unchanged.
 */

// eslint-disable-next-line no-control-regex
const ERASE_LINES = /^(?:\u001b\[2K\u001b\[1A)*\u001b\[2K\u001b\[G/;
const CLEAR_SCREEN = '\u001b[2J';

export interface FrameWriter {
  /** What to write instead of `chunk` ('' to write nothing). */
  transform(chunk: string): string;
  /** Forget the screen (after a resize): the next frame is drawn whole on a cleared screen. */
  reset(): void;
}

export function createFrameWriter(): FrameWriter {
  let previous: string[] | null = null;
  return {
    reset() {
      previous = null;
    },
    transform(chunk) {
      const erase = ERASE_LINES.exec(chunk);
      const rest = erase ? chunk.slice(erase[0].length) : chunk;
      if (erase && rest === '') {
        previous = null;
        return '';
      }
      if (!erase && (previous !== null || !rest.endsWith('\n'))) {
        if (chunk.includes(CLEAR_SCREEN)) previous = null;
        return chunk;
      }
      const lines = (rest.endsWith('\n') ? rest.slice(0, -1) : rest).split('\n');
      let out = '';
      if (previous === null) {
        out = '\u001b[H\u001b[2J';
        lines.forEach((line, i) => {
          out += `\u001b[${i + 1};1H${line}`;
        });
      } else {
        for (let i = 0; i < lines.length; i++) {
          if (lines[i] !== previous[i]) out += `\u001b[${i + 1};1H${lines[i]}\u001b[K`;
        }
        for (let i = lines.length; i < previous.length; i++) out += `\u001b[${i + 1};1H\u001b[2K`;
      }
      previous = lines;
      // the cursor where Ink expects it: on the line below the frame
      return out === '' ? '' : `${out}\u001b[${lines.length + 1};1H`;
    },
  };
}
