/**
 * RFC 5424 STRUCTURED-DATA: `-` or one or more `[SD-ID name="value" …]` elements back to back.
 * Inside a quoted value `\"`, `\\` and `\]` are escaped, so a value may contain `]`; a regex such
 * as `\[[^\]]*\]` is wrong. This small state machine finds where the SD ends.
 */

const enum State {
  Outside,
  InElement,
  InValue,
  Escape,
}

/**
 * Index just after the STRUCTURED-DATA that starts at `start` (`-` or `[`), or -1 when it is
 * malformed (unterminated element or value, or text glued to the last `]`).
 */
export function skipStructuredData(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === 45) return start + 1; // NILVALUE
  if (first !== 91) return -1;
  let state = State.Outside;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    switch (state) {
      case State.Outside:
        if (c !== 91) return i > start ? i : -1;
        state = State.InElement;
        break;
      case State.InElement:
        if (c === 34) state = State.InValue;
        else if (c === 93) state = State.Outside;
        break;
      case State.InValue:
        if (c === 92) state = State.Escape;
        else if (c === 34) state = State.InElement;
        break;
      case State.Escape:
        state = State.InValue;
        break;
    }
  }
  return state === State.Outside ? text.length : -1;
}
