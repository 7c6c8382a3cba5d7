/**
 * Semantic colour tokens. Components take styles from here, never colour literals. Two palettes:
 * for dark terminal backgrounds (the default) and for light ones (`--theme light`, or detected from
 * `COLORFGBG`), where bright white, bright cyan and yellow text would be unreadable. With `noColor`
 * (NO_COLOR / --no-color) every colour is dropped; bold, dim, underline and inverse stay so that
 * severity, the sort key and the selection remain visible.
 */
import type { AlertStatus, Severity } from '../engine/model/alert.js';
import type { EventType } from '../engine/model/event.js';
import type { SourceState } from '../console/types.js';

/** Props spread onto an ink `<Text>`. */
export interface TextStyle {
  readonly color?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
  readonly inverse?: boolean;
  readonly underline?: boolean;
}

/** Which background the palette is for. */
export type ThemeName = 'dark' | 'light';

export interface Theme {
  readonly name: ThemeName;
  readonly noColor: boolean;
  /** Border colour for `<Box borderColor>`; undefined without colour. */
  readonly border: string | undefined;
  readonly borderStyle: TextStyle;
  readonly title: TextStyle;
  /** Field names (detail labels, stats row names). */
  readonly label: TextStyle;
  readonly muted: TextStyle;
  readonly accent: TextStyle;
  readonly selected: TextStyle;
  readonly key: TextStyle;
  /** The letter of a column header that sorts by it. */
  readonly sortKey: TextStyle;
  /** A row marked for a bulk action, and the `✓`. */
  readonly marked: TextStyle;
  /** The `●` of an alert new since you looked. */
  readonly unseen: TextStyle;
  /** A search match in the event log. */
  readonly match: TextStyle;
  readonly intel: TextStyle;
  readonly warning: TextStyle;
  readonly paused: TextStyle;
  readonly message: { readonly ok: TextStyle; readonly error: TextStyle; readonly info: TextStyle };
  readonly severity: Readonly<Record<Severity, TextStyle>>;
  readonly status: Readonly<Record<AlertStatus, TextStyle>>;
  readonly eventType: Readonly<Record<EventType, TextStyle>>;
  readonly source: Readonly<Record<SourceState, TextStyle>>;
  readonly chart: { readonly alerts: TextStyle; readonly failures: TextStyle; readonly bar: TextStyle };
}

const COLOURED: Theme = {
  name: 'dark',
  noColor: false,
  border: 'gray',
  borderStyle: { color: 'gray' },
  title: { color: 'cyanBright', bold: true },
  label: { bold: true },
  muted: { color: 'gray' },
  accent: { color: 'cyan' },
  selected: { inverse: true },
  key: { color: 'cyan', bold: true },
  sortKey: { color: 'cyan', underline: true },
  marked: { color: 'greenBright', bold: true },
  unseen: { color: 'yellowBright', bold: true },
  match: { color: 'yellowBright', bold: true },
  intel: { color: 'magentaBright', bold: true },
  warning: { color: 'yellow', bold: true },
  paused: { color: 'yellow', bold: true },
  message: { ok: { color: 'green' }, error: { color: 'red', bold: true }, info: { color: 'cyan' } },
  severity: {
    CRITICAL: { color: 'red', bold: true },
    HIGH: { color: 'magenta' },
    MEDIUM: { color: 'yellow' },
    LOW: { color: 'blue' },
  },
  status: {
    new: { color: 'whiteBright', bold: true },
    acknowledged: { color: 'cyan' },
    resolved: { color: 'green' },
    false_positive: { color: 'gray' },
    blocked: { color: 'red' },
  },
  eventType: {
    auth_failure: { color: 'red' },
    auth_success: { color: 'green' },
    invalid_user: { color: 'magenta' },
    not_allowed: { color: 'yellow' },
    preauth_disconnect: { color: 'gray' },
    protocol_error: { color: 'yellow', dimColor: true },
    firewall_block: { color: 'blue' },
    flow: { color: 'cyan' },
  },
  source: {
    tailing: { color: 'green' },
    waiting: { color: 'yellow' },
    denied: { color: 'red', bold: true },
    error: { color: 'red', bold: true },
    done: { color: 'gray' },
  },
  chart: { alerts: { color: 'red' }, failures: { color: 'yellow' }, bar: { color: 'cyan' } },
};

/**
 * For light backgrounds: no bright white, bright cyan or bright yellow text (unreadable on white),
 * and `new` in the default foreground, bold — readable on any background.
 */
const LIGHT: Theme = {
  ...COLOURED,
  name: 'light',
  title: { color: 'blue', bold: true },
  accent: { color: 'blue' },
  key: { color: 'blue', bold: true },
  sortKey: { color: 'blue', underline: true },
  marked: { color: 'green', bold: true },
  unseen: { color: 'magenta', bold: true },
  match: { color: 'magenta', bold: true },
  intel: { color: 'magenta', bold: true },
  warning: { color: 'red', bold: true },
  paused: { color: 'magenta', bold: true },
  message: { ok: { color: 'green' }, error: { color: 'red', bold: true }, info: { color: 'blue' } },
  severity: {
    CRITICAL: { color: 'red', bold: true },
    HIGH: { color: 'magenta', bold: true },
    MEDIUM: { color: 'yellow', bold: true },
    LOW: { color: 'blue' },
  },
  status: {
    new: { bold: true },
    acknowledged: { color: 'blue' },
    resolved: { color: 'green' },
    false_positive: { color: 'gray' },
    blocked: { color: 'red' },
  },
  eventType: { ...COLOURED.eventType, flow: { color: 'blue' }, not_allowed: { color: 'magenta' } },
  source: { ...COLOURED.source, waiting: { color: 'magenta' } },
  chart: { alerts: { color: 'red' }, failures: { color: 'magenta' }, bar: { color: 'blue' } },
};

function strip(style: TextStyle): TextStyle {
  const { color: _drop, ...rest } = style;
  return rest;
}

function stripAll<K extends string>(record: Readonly<Record<K, TextStyle>>): Record<K, TextStyle> {
  const out = {} as Record<K, TextStyle>;
  for (const k of Object.keys(record) as K[]) out[k] = strip(record[k]);
  return out;
}

const MONOCHROME: Theme = {
  name: 'dark',
  noColor: true,
  border: undefined,
  borderStyle: {},
  title: strip(COLOURED.title),
  label: COLOURED.label,
  muted: { dimColor: true },
  accent: {},
  selected: COLOURED.selected,
  key: strip(COLOURED.key),
  sortKey: { underline: true },
  marked: { bold: true },
  unseen: { bold: true },
  match: { bold: true, underline: true },
  intel: strip(COLOURED.intel),
  warning: strip(COLOURED.warning),
  paused: strip(COLOURED.paused),
  message: { ok: {}, error: { bold: true }, info: {} },
  severity: stripAll(COLOURED.severity),
  status: stripAll(COLOURED.status),
  eventType: stripAll(COLOURED.eventType),
  source: stripAll(COLOURED.source),
  chart: { alerts: {}, failures: {}, bar: {} },
};

/** The theme for a terminal with or without colours, on a dark or a light background. */
export function createTheme(noColor: boolean, name: ThemeName = 'dark'): Theme {
  if (noColor) return MONOCHROME;
  return name === 'light' ? LIGHT : COLOURED;
}

/**
 * The palette to use: `THREATWATCH_THEME` (`light`, `dark`; what `--theme` sets), else the terminal's
 * background from `COLORFGBG` (`15;0` = light text on black, `0;15` or `0;default;15` = dark on
 * white; rxvt, Konsole, iTerm2 and others set it), else dark.
 */
export function themeFromEnv(env: NodeJS.ProcessEnv): ThemeName {
  const chosen = env.THREATWATCH_THEME?.toLowerCase();
  if (chosen === 'light' || chosen === 'dark') return chosen;
  const bg = env.COLORFGBG?.split(';').at(-1);
  if (bg === undefined || bg === '' || !/^\d+$/.test(bg)) return 'dark';
  const n = Number(bg);
  return n === 7 || (n >= 9 && n <= 15) ? 'light' : 'dark';
}
