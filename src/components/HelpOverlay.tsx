import { Box, Text } from 'ink';
import { helpSections } from '../keys/keymap.js';
import { useTheme } from '../hooks/use-theme.js';
import { Panel } from './Panel.js';
import { cell } from './format/text.js';
import { EVENT_TYPES } from '../engine/model/event.js';
import { EVENT_LABEL, EVENT_MEANING } from './format/event-labels.js';

export interface HelpOverlayProps {
  readonly width: number;
  readonly height: number;
}

export type HelpLine = { readonly kind: 'title'; readonly text: string } | { readonly kind: 'key'; readonly keys: string; readonly label: string };

/** What the screen's words mean: shown under the keys, as much as there is room for. */
export const LEGEND: readonly string[] = [
  'INTEL known = IP on a threat-intel feed',
  'STATUS ack = acknowledged',
  ...EVENT_TYPES.map((t) => `${EVENT_LABEL[t]} = ${EVENT_MEANING[t]}`),
  'same attempt = an echo of a failure already counted',
];

/** The legend in at most `lines` lines of `width`; what does not fit is left out. */
export function legendLines(width: number, lines: number): string[] {
  if (lines <= 0) return [];
  const out: string[] = [];
  let line = '';
  for (const item of LEGEND) {
    const next = line === '' ? item : `${line} · ${item}`;
    if ([...next].length <= width || line === '') line = next;
    else {
      out.push(line);
      line = item;
    }
  }
  if (line !== '') out.push(line);
  return out.slice(0, lines);
}

/**
 * The help lines split into columns of at most `rows` lines, a section title never left alone at
 * the bottom of a column.
 */
export function helpColumns(lines: readonly HelpLine[], rows: number): HelpLine[][] {
  const h = Math.max(2, rows);
  const columns: HelpLine[][] = [[]];
  for (const [i, line] of lines.entries()) {
    let col = columns[columns.length - 1]!;
    const orphan = line.kind === 'title' && col.length === h - 1 && lines[i + 1]?.kind === 'key';
    if (col.length >= h || orphan) {
      col = [];
      columns.push(col);
    }
    col.push(line);
  }
  return columns;
}

/** Every key binding from the keymap, by section, in as many columns as the height needs. Any key closes it. */
export function HelpOverlay({ width, height }: HelpOverlayProps): React.JSX.Element {
  const theme = useTheme();
  const inner = Math.max(1, height - 2);
  const lines: HelpLine[] = helpSections().flatMap((s) => [
    { kind: 'title' as const, text: s.title },
    ...s.entries.map((e) => ({ kind: 'key' as const, keys: e.keys, label: e.label })),
  ]);
  const legendRoom = Math.max(0, inner - Math.ceil(lines.length / 2));
  const legend = legendLines(width - 4, legendRoom);
  const rows = Math.max(1, inner - legend.length);
  const columns = helpColumns(lines, rows);
  const columnWidth = Math.floor((width - 4) / columns.length);
  const keyWidth = Math.min(15, Math.max(...lines.map((l) => (l.kind === 'key' ? [...l.keys].length : 0))) + 1);
  return (
    <Panel title="Help" badge="· any key closes" width={width} height={height}>
      <Box flexDirection="row" height={rows}>
        {columns.map((col, i) => (
          <Box key={i} flexDirection="column" width={columnWidth} paddingRight={1}>
            {col.map((l, j) =>
              l.kind === 'title' ? (
                <Text key={j} {...theme.title} wrap="truncate">
                  {l.text}
                </Text>
              ) : (
                <Text key={j} wrap="truncate">
                  <Text {...theme.key}>{cell(l.keys, keyWidth)}</Text>
                  {l.label}
                </Text>
              ),
            )}
          </Box>
        ))}
      </Box>
      {legend.map((l) => (
        <Text key={l} {...theme.muted} wrap="truncate">
          {l}
        </Text>
      ))}
    </Panel>
  );
}
