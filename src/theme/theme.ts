/**
 * Semantic colour tokens. Components take styles from here, never colour literals. With `noColor`
 * (NO_COLOR / --no-color) every colour is dropped; bold, dim and inverse stay so that severity and
 * selection remain visible.
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
}

export interface Theme {
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
  noColor: false,
  border: 'gray',
  borderStyle: { color: 'gray' },
  title: { color: 'cyanBright', bold: true },
  label: { bold: true },
  muted: { color: 'gray' },
  accent: { color: 'cyan' },
  selected: { inverse: true },
  key: { color: 'cyan', bold: true },
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
  noColor: true,
  border: undefined,
  borderStyle: {},
  title: strip(COLOURED.title),
  label: COLOURED.label,
  muted: { dimColor: true },
  accent: {},
  selected: COLOURED.selected,
  key: strip(COLOURED.key),
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

/** The theme for a terminal with or without colours. */
export function createTheme(noColor: boolean): Theme {
  return noColor ? MONOCHROME : COLOURED;
}
