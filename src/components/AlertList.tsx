import { memo, useMemo, useRef } from 'react';
import { Box, Text } from 'ink';
import type { Alert } from '../engine/model/alert.js';
import { alertColumnsFor, type AlertColumns } from '../state/layout.js';
import type { SortColumn, SortOrder } from '../state/alert-sort.js';
import { visibleWindow } from '../state/selectors.js';
import { useTheme } from '../hooks/use-theme.js';
import { useShownRows } from '../hooks/use-shown-rows.js';
import { Panel } from './Panel.js';
import { AlertRow } from './AlertRow.js';
import { cell } from './format/text.js';
import { fitIps, minimumIpWidth } from './format/ip-fit.js';
import { stampWidth, type Today } from './format/time.js';
import { hostText } from './format/alert-labels.js';

export interface AlertListProps {
  /** The filtered, sorted alerts. */
  readonly alerts: readonly Alert[];
  /** Index of the selected alert in `alerts` (-1: none). */
  readonly selectedIndex: number;
  /** Panel title details: new, marked, filters, sort, search. Already terminal-safe. */
  readonly badge: string;
  /** What the list says when it is empty (already terminal-safe). */
  readonly emptyText: string;
  /** IPs blocked right now. */
  readonly blockedIps: ReadonlySet<string>;
  readonly sort: SortOrder;
  /** Several hosts report (a fleet): show a HOST column after the IP. @default false */
  readonly hostColumn?: boolean;
  /** Alerts marked for a bulk action. */
  readonly marked: ReadonlySet<string>;
  /** Alerts new since the analyst looked. */
  readonly unseen: ReadonlySet<string>;
  /** The local day and year, so stamps show a date when it is not today. */
  readonly today: Today;
  readonly width: number;
  readonly height: number;
  /** Data rows that fit. */
  readonly rows: number;
}

/** A column heading: its label, the letter that sorts by it (shifted), and its width. */
interface Heading {
  readonly label: string;
  readonly key: string;
  readonly column: SortColumn | null;
  readonly width: number;
  readonly align?: 'left' | 'right';
}

export function headings(c: AlertColumns): Heading[] {
  const out: Heading[] = [
    { label: 'LAST SEEN', key: 'L', column: 'lastSeen', width: c.time },
    { label: c.severity >= 9 ? 'SEVERITY' : 'SEV', key: 'S', column: 'severity', width: c.severity },
    { label: 'RULE', key: 'R', column: 'rule', width: c.rule },
    { label: c.ip >= 9 ? 'SOURCE IP' : 'IP', key: 'I', column: 'ip', width: c.ip },
    ...(c.host > 0 ? [{ label: 'HOST', key: '', column: null, width: c.host }] : []),
    { label: 'COUNT', key: 'C', column: 'count', width: c.count, align: 'right' },
    { label: 'INTEL', key: 'N', column: 'intel', width: c.intel },
    { label: 'STATUS', key: 'U', column: 'status', width: c.status },
  ];
  if (c.summary > 0) out.push({ label: 'SUMMARY', key: '', column: null, width: c.summary });
  return out;
}

/** The column header line as plain text: the sorted column carries ▼ (descending) or ▲. */
export function alertHeader(c: AlertColumns, sort?: SortOrder): string {
  return '   ' + headings(c).map((h) => cell(h.label + (sort && h.column === sort.column ? (sort.descending ? '▼' : '▲') : ''), h.width, h.align)).join(' ');
}

/** One heading, the sort letter underlined (`LAST SEEN▼`: L sorts by it). */
function HeadingText({ h, sort }: { readonly h: Heading; readonly sort: SortOrder }): React.JSX.Element {
  const theme = useTheme();
  const arrow = h.column === sort.column ? (sort.descending ? '▼' : '▲') : '';
  const text = cell(h.label + arrow, h.width, h.align);
  const at = h.key === '' ? -1 : text.indexOf(h.key);
  if (at < 0) return <Text>{text}</Text>;
  return (
    <Text>
      {text.slice(0, at)}
      <Text {...theme.sortKey}>{text[at]}</Text>
      {text.slice(at + 1)}
    </Text>
  );
}

/** What the whole list needs: its widest time stamp, rule and address (kept while the list is the same). */
export function listNeeds(alerts: readonly Alert[], today: Today): { time: number; rule: number; ip: number } {
  let rule = 4;
  let ip = 9;
  for (const a of alerts) {
    if (a.rule.length > rule) rule = a.rule.length;
    const shownIp = a.ip ?? a.subject.value;
    if (shownIp.length > ip) ip = shownIp.length;
  }
  return { time: stampWidth(alerts.map((a) => a.lastSeen), today), rule, ip };
}

/**
 * The column widths the alerts need in a panel of `inner` characters; `shown` are the rows on
 * screen, whose addresses must read differently however narrow the column.
 */
export function columnsForAlerts(alerts: readonly Alert[], shown: readonly Alert[], inner: number, today: Today): AlertColumns {
  return columnsFor(listNeeds(alerts, today), shown, inner);
}

function columnsFor(needs: { time: number; rule: number; ip: number }, shown: readonly Alert[], inner: number, hostColumn = false): AlertColumns {
  const ipMin = minimumIpWidth(
    shown.map((a) => a.ip ?? a.subject.value),
    15,
  );
  if (!hostColumn) return alertColumnsFor(inner, { ...needs, ipMin });
  const host = Math.min(14, Math.max(4, ...shown.map((a) => hostText(a).length)));
  return { ...alertColumnsFor(inner - host - 1, { ...needs, ipMin }), host };
}


/** The alert table: only the visible slice is rendered, with "↑ N more" / "↓ N more". */
export const AlertList = memo(function AlertList(props: AlertListProps): React.JSX.Element {
  const { alerts, selectedIndex, rows, today, sort } = props;
  const theme = useTheme();
  const startRef = useRef(0);
  const win = visibleWindow(alerts.length, selectedIndex, rows, startRef.current);
  startRef.current = win.start;
  const slice = alerts.slice(win.start, win.end);
  useShownRows('alerts', () => ({ start: win.start, keys: slice.map((a) => a.id) }));
  // the whole list is measured once per list, not on every move of the selection
  const needs = useMemo(() => listNeeds(alerts, today), [alerts, today]);
  const c = columnsFor(needs, slice, props.width - 4, props.hostColumn ?? false);
  // addresses shortened so that no two rows on screen read the same
  const shortIps = fitIps(
    slice.map((a) => a.ip ?? a.subject.value),
    c.ip,
  );
  const unseenAbove = props.unseen.size > 0 ? alerts.slice(0, win.start).filter((a) => props.unseen.has(a.id)).length : 0;
  return (
    <Panel title={`Alerts (${alerts.length})`} badge={`· ${props.badge}`} width={props.width} height={props.height} clip={false}>
      <Text {...theme.muted} bold wrap="truncate">
        {'   '}
        {headings(c).map((h, i) => (
          <Text key={h.label}>
            {i > 0 ? ' ' : ''}
            <HeadingText h={h} sort={sort} />
          </Text>
        ))}
      </Text>
      <Box flexDirection="column" height={rows} overflow={slice.length === 0 ? 'hidden' : 'visible'}>
        {slice.length === 0 ? (
          <Text {...theme.muted} wrap="wrap">
            {props.emptyText}
          </Text>
        ) : null}
        {slice.map((a, i) => (
          <AlertRow
            key={a.id}
            alert={a}
            selected={win.start + i === selectedIndex}
            blocked={a.ip !== null && props.blockedIps.has(a.ip)}
            flag={props.marked.has(a.id) ? 'marked' : props.unseen.has(a.id) ? 'unseen' : null}
            ipText={shortIps.get(a.ip ?? a.subject.value) ?? a.ip ?? a.subject.value}
            today={today}
            columns={c}
          />
        ))}
      </Box>
      <Text {...theme.muted} wrap="truncate">
        {win.above > 0 ? `↑ ${win.above} more${unseenAbove > 0 ? ` (${unseenAbove} new)` : ''}` : ''}
        {win.above > 0 && win.below > 0 ? '   ' : ''}
        {win.below > 0 ? `↓ ${win.below} more` : ''}
      </Text>
    </Panel>
  );
});
