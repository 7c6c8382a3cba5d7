import { Text } from 'ink';
import { SEVERITIES } from '../engine/model/alert.js';
import { EVENT_TYPES } from '../engine/model/event.js';
import type { Counters as EngineCounters } from '../engine/snapshot/types.js';
import { useTheme } from '../hooks/use-theme.js';
import { SEVERITY_SHORT } from './format/alert-labels.js';
import { compactNumber, EVENT_LABEL } from './format/event-labels.js';

/** Alerts per severity on one line (`CRIT 1 HIGH 20 MED 0 LOW 0`), labelled when there is room. */
export function SeverityCounts({ counters, width }: { readonly counters: EngineCounters; readonly width: number }): React.JSX.Element {
  const theme = useTheme();
  const numbers = [...SEVERITIES].reverse().map((s) => `${SEVERITY_SHORT[s]} ${counters.alertsBySeverity[s] ?? 0}`);
  const label = numbers.join(' ').length + 8 <= width;
  return (
    <Text wrap="truncate">
      {label ? <Text {...theme.label}>Alerts  </Text> : null}
      {[...SEVERITIES].reverse().map((s, i) => (
        <Text key={s}>
          {i > 0 ? ' ' : ''}
          <Text {...theme.severity[s]}>{SEVERITY_SHORT[s]}</Text> {counters.alertsBySeverity[s] ?? 0}
        </Text>
      ))}
    </Text>
  );
}

/** The `Events 2.6k: FAIL 713 LOGIN 36 …` items, broken into at most `lines` lines of `width`. */
export function eventCountLines(counters: EngineCounters, width: number, lines: number): string[][] {
  const items = [
    `Events ${compactNumber(counters.events)}`,
    ...EVENT_TYPES.filter((t) => (counters.eventsByType[t] ?? 0) > 0).map((t) => `${EVENT_LABEL[t]} ${compactNumber(counters.eventsByType[t])}`),
  ];
  if (counters.unmatched > 0) items.push(`unparsed ${compactNumber(counters.unmatched)}`);
  const out: string[][] = [];
  let line: string[] = [];
  let used = 0;
  for (const item of items) {
    const w = [...item].length + (line.length > 0 ? 1 : 0);
    if (line.length > 0 && used + w > width) {
      out.push(line);
      if (out.length === lines) return out;
      line = [];
      used = 0;
    }
    line.push(item);
    used += line.length > 1 ? [...item].length + 1 : [...item].length;
  }
  if (line.length > 0 && out.length < lines) out.push(line);
  return out;
}

/** Events by type in the feed's words and colours, wrapped over `lines` lines. */
export function EventCounts(props: { readonly counters: EngineCounters; readonly width: number; readonly lines: number }): React.JSX.Element | null {
  const theme = useTheme();
  if (props.lines <= 0) return null;
  const rows = eventCountLines(props.counters, props.width, props.lines);
  const styleOf = (item: string) => {
    const t = EVENT_TYPES.find((type) => item.startsWith(`${EVENT_LABEL[type]} `));
    return t ? theme.eventType[t] : item.startsWith('Events') ? theme.label : theme.warning;
  };
  return (
    <>
      {rows.map((items, i) => (
        <Text key={i} wrap="truncate">
          {items.map((item, j) => {
            const space = item.lastIndexOf(' ');
            return (
              <Text key={item}>
                {j > 0 ? ' ' : ''}
                <Text {...styleOf(item)}>{item.slice(0, space)}</Text>
                {item.slice(space)}
              </Text>
            );
          })}
        </Text>
      ))}
    </>
  );
}
