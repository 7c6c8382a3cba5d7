/** Key escape sequences as a terminal sends them, for `stdin.write`. */
export const KEYS = {
  UP: '\u001B[A',
  DOWN: '\u001B[B',
  ENTER: '\r',
  ESCAPE: '\u001B',
  BACKSPACE: '\u007F',
  CTRL_C: '\u0003',
} as const;
