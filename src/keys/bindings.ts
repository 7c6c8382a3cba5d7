/**
 * The key table: every binding of the console, where it works, what the help and the status bar call
 * it. Functions over it (matching, hints, help sections) are in keymap.ts.
 */
/**
 * Where the analyst is: a view (the alert list or one alert's detail, the event log, the blocks,
 * diagnostics and hosts tables) or a modal on top of it (a text box, a confirmation, the help).
 */
export type KeyContext = 'list' | 'detail' | 'events' | 'blocks' | 'diagnostics' | 'hosts' | 'input' | 'confirm' | 'help';

export type Command =
  | 'view.alerts'
  | 'view.events'
  | 'view.blocks'
  | 'view.diagnostics'
  | 'view.hosts'
  | 'command.open'
  | 'selection.up'
  | 'selection.down'
  | 'selection.pageUp'
  | 'selection.pageDown'
  | 'selection.first'
  | 'selection.last'
  | 'detail.open'
  | 'list.back'
  | 'search.open'
  | 'filter.status'
  | 'filter.severity'
  | 'sort.lastSeen'
  | 'sort.severity'
  | 'sort.rule'
  | 'sort.ip'
  | 'sort.count'
  | 'sort.intel'
  | 'sort.status'
  | 'mark.toggle'
  | 'mark.all'
  | 'alert.acknowledge'
  | 'alert.resolve'
  | 'alert.falsePositive'
  | 'ip.block'
  | 'ip.blockManual'
  | 'ip.unblock'
  | 'events.ofIp'
  | 'events.ofUsers'
  | 'ip.copy'
  | 'alerts.export'
  | 'detail.scrollUp'
  | 'detail.scrollDown'
  | 'detail.pageUp'
  | 'detail.pageDown'
  | 'detail.top'
  | 'detail.bottom'
  | 'view.back'
  | 'log.up'
  | 'log.down'
  | 'log.pageUp'
  | 'log.pageDown'
  | 'log.top'
  | 'log.bottom'
  | 'log.search'
  | 'log.next'
  | 'log.previous'
  | 'log.back'
  | 'table.up'
  | 'table.down'
  | 'table.pageUp'
  | 'table.pageDown'
  | 'table.first'
  | 'table.last'
  | 'table.open'
  | 'table.unblock'
  | 'table.copy'
  | 'feed.pause'
  | 'help.open'
  | 'app.quit'
  | 'input.apply'
  | 'input.cancel'
  | 'input.erase'
  | 'input.type'
  | 'confirm.duration'
  | 'confirm.subnet'
  | 'confirm.typeDuration'
  | 'confirm.yes'
  | 'confirm.cancel'
  | 'help.scrollUp'
  | 'help.scrollDown'
  | 'help.pageUp'
  | 'help.pageDown'
  | 'help.close';

/**
 * A key: a named key (`up`, `down`, `pageup`, `pagedown`, `home`, `end`, `return`, `escape`,
 * `backspace`, `space`, `ctrl+c`), `any` (any key not matched by an earlier binding of the same
 * context), or a literal character (`j`, `G`, `1`).
 */
export type KeySpec = string;

/** The help overlay's sections, in display order. */
export type HelpGroup = 'views' | 'list' | 'alert' | 'detail' | 'events' | 'tables' | 'input' | 'confirm';

export const HELP_GROUP_TITLE: Record<HelpGroup, string> = {
  views: 'Views and the console (everywhere)',
  list: 'Alert list (1)',
  alert: 'Act on the alert — or on the marked ones',
  detail: 'Alert detail (Enter)',
  events: 'Event log (2)',
  tables: 'Blocks, diagnostics, hosts (3 4 5)',
  input: 'Text boxes (/ search, : command, x export path)',
  confirm: 'Confirmation (block, bulk actions)',
};

export interface KeyBinding {
  readonly command: Command;
  readonly keys: readonly KeySpec[];
  /** Help overlay text. Bindings of a group with the same label share one help row. */
  readonly label: string;
  /** Short status-bar text. */
  readonly hint: string;
  readonly when: readonly KeyContext[];
  /** Help overlay section. */
  readonly group: HelpGroup;
  /** How the help row writes the keys, when the generated form would read badly (`↑↓ j k`). */
  readonly helpKeys?: string;
}

const LIST: readonly KeyContext[] = ['list'];
const ALERT_VIEWS: readonly KeyContext[] = ['list', 'detail'];
const VIEWS: readonly KeyContext[] = ['list', 'detail', 'events', 'blocks', 'diagnostics', 'hosts'];
const TABLES: readonly KeyContext[] = ['blocks', 'diagnostics', 'hosts'];
const MODALS: readonly KeyContext[] = ['input', 'confirm', 'help'];
const EVENTS: readonly KeyContext[] = ['events'];
const SORT = 'Sort by last seen, severity, rule, IP, count, intel, status (again: reverse)';
const HELP = 'Help (↑↓ scroll, any other key closes)';

// Table order is status-bar order: the hints that matter most come first.
export const KEYMAP: readonly KeyBinding[] = [
  { command: 'selection.up', keys: ['up', 'k'], label: 'Move the selection', hint: 'move', when: LIST, group: 'list', helpKeys: '↑↓ k j' },
  { command: 'selection.down', keys: ['down', 'j'], label: 'Move the selection', hint: 'move', when: LIST, group: 'list' },
  { command: 'detail.open', keys: ['return'], label: 'Open the alert detail', hint: 'details', when: LIST, group: 'list' },
  { command: 'detail.scrollUp', keys: ['up', 'k'], label: 'Scroll', hint: 'scroll', when: ['detail'], group: 'detail', helpKeys: '↑↓ k j' },
  { command: 'detail.scrollDown', keys: ['down', 'j'], label: 'Scroll', hint: 'scroll', when: ['detail'], group: 'detail' },
  { command: 'view.back', keys: ['escape'], label: 'Back to the list', hint: 'back', when: ['detail'], group: 'detail' },
  { command: 'log.up', keys: ['up', 'k'], label: 'Scroll back (pauses; G follows again)', hint: 'scroll', when: EVENTS, group: 'events', helpKeys: '↑↓ k j' },
  { command: 'log.down', keys: ['down', 'j'], label: 'Scroll back (pauses; G follows again)', hint: 'scroll', when: EVENTS, group: 'events' },
  { command: 'table.up', keys: ['up', 'k'], label: 'Move the selection', hint: 'move', when: TABLES, group: 'tables', helpKeys: '↑↓ k j' },
  { command: 'table.down', keys: ['down', 'j'], label: 'Move the selection', hint: 'move', when: TABLES, group: 'tables' },
  { command: 'mark.toggle', keys: ['space'], label: 'Mark / unmark for a bulk action (and move down)', hint: 'mark', when: LIST, group: 'list' },
  { command: 'alert.acknowledge', keys: ['a'], label: 'Acknowledge (seen it)', hint: 'ack', when: ALERT_VIEWS, group: 'alert' },
  { command: 'alert.resolve', keys: ['r'], label: 'Resolve (dealt with)', hint: 'resolve', when: ALERT_VIEWS, group: 'alert' },
  { command: 'ip.block', keys: ['b'], label: 'Block the IP (asks first)', hint: 'block', when: ALERT_VIEWS, group: 'alert' },
  { command: 'ip.blockManual', keys: ['B'], label: 'Block an address or CIDR typed by hand (asks first)', hint: 'block…', when: ['list', 'blocks'], group: 'alert' },
  { command: 'search.open', keys: ['/'], label: 'Search: IP prefix, CIDR, user:, host:, rule:, status:, sev:, !not', hint: 'search', when: LIST, group: 'list' },
  { command: 'log.search', keys: ['/'], label: 'Search the log; n newer, N older match', hint: 'search', when: EVENTS, group: 'events', helpKeys: '/ n N' },
  { command: 'log.next', keys: ['n'], label: 'Search the log; n newer, N older match', hint: 'next', when: EVENTS, group: 'events' },
  { command: 'log.previous', keys: ['N'], label: 'Search the log; n newer, N older match', hint: 'prev', when: EVENTS, group: 'events' },
  { command: 'table.unblock', keys: ['u'], label: 'Unblock the selected IP (blocks)', hint: 'unblock', when: ['blocks'], group: 'tables' },
  { command: 'table.open', keys: ['return'], label: 'Open: the alert of a block, the alerts of a host', hint: 'open', when: ['blocks', 'hosts'], group: 'tables' },
  { command: 'filter.status', keys: ['o'], label: 'Status filter: open → all → closed', hint: 'status', when: LIST, group: 'list' },
  { command: 'filter.severity', keys: ['v'], label: 'Severity: all → MEDIUM+ → HIGH+ → CRITICAL', hint: 'severity', when: LIST, group: 'list' },
  { command: 'sort.lastSeen', keys: ['L'], label: SORT, hint: 'sort', when: LIST, group: 'list', helpKeys: 'L S R I C N U' },
  { command: 'sort.severity', keys: ['S'], label: SORT, hint: 'sort', when: LIST, group: 'list' },
  { command: 'sort.rule', keys: ['R'], label: SORT, hint: 'sort', when: LIST, group: 'list' },
  { command: 'sort.ip', keys: ['I'], label: SORT, hint: 'sort', when: LIST, group: 'list' },
  { command: 'sort.count', keys: ['C'], label: SORT, hint: 'sort', when: LIST, group: 'list' },
  { command: 'sort.intel', keys: ['N'], label: SORT, hint: 'sort', when: LIST, group: 'list' },
  { command: 'sort.status', keys: ['U'], label: SORT, hint: 'sort', when: LIST, group: 'list' },
  { command: 'mark.all', keys: ['*'], label: 'Mark every alert shown (again: unmark all)', hint: 'mark all', when: LIST, group: 'list' },
  { command: 'list.back', keys: ['escape'], label: 'Clear the marks, then the search', hint: 'clear', when: LIST, group: 'list' },
  { command: 'alert.falsePositive', keys: ['f'], label: 'Mark as false positive', hint: 'false-pos', when: ALERT_VIEWS, group: 'alert' },
  { command: 'ip.unblock', keys: ['u'], label: 'Unblock the IP', hint: 'unblock', when: ALERT_VIEWS, group: 'alert' },
  { command: 'events.ofIp', keys: ['e'], label: "The alert's IP in the event log (E: its users)", hint: 'events', when: ALERT_VIEWS, group: 'alert', helpKeys: 'e E' },
  { command: 'events.ofUsers', keys: ['E'], label: "The alert's IP in the event log (E: its users)", hint: 'user events', when: ALERT_VIEWS, group: 'alert' },
  { command: 'ip.copy', keys: ['y'], label: 'Copy the IP to the clipboard (OSC 52, works over SSH)', hint: 'copy IP', when: ALERT_VIEWS, group: 'alert' },
  { command: 'table.copy', keys: ['y'], label: 'Copy the IP to the clipboard (OSC 52, works over SSH)', hint: 'copy IP', when: ['blocks'], group: 'tables' },
  { command: 'alerts.export', keys: ['x'], label: 'Export the alerts shown to JSON or CSV (asks for a path)', hint: 'export', when: LIST, group: 'alert' },
  { command: 'selection.pageUp', keys: ['pageup'], label: 'Page up/down, first/last', hint: 'page', when: LIST, group: 'list', helpKeys: 'PgUp/Dn g/G' },
  { command: 'selection.pageDown', keys: ['pagedown'], label: 'Page up/down, first/last', hint: 'page', when: LIST, group: 'list' },
  { command: 'selection.first', keys: ['g', 'home'], label: 'Page up/down, first/last', hint: 'first', when: LIST, group: 'list' },
  { command: 'selection.last', keys: ['G', 'end'], label: 'Page up/down, first/last', hint: 'last', when: LIST, group: 'list' },
  { command: 'detail.pageUp', keys: ['pageup'], label: 'Page up/down, top/bottom', hint: 'page', when: ['detail'], group: 'detail', helpKeys: 'PgUp/Dn g/G' },
  { command: 'detail.pageDown', keys: ['pagedown'], label: 'Page up/down, top/bottom', hint: 'page', when: ['detail'], group: 'detail' },
  { command: 'detail.top', keys: ['g', 'home'], label: 'Page up/down, top/bottom', hint: 'top', when: ['detail'], group: 'detail' },
  { command: 'detail.bottom', keys: ['G', 'end'], label: 'Page up/down, top/bottom', hint: 'bottom', when: ['detail'], group: 'detail' },
  { command: 'log.pageUp', keys: ['pageup'], label: 'Page up/down; g oldest; G newest and follow', hint: 'page', when: EVENTS, group: 'events', helpKeys: 'PgUp/Dn g/G' },
  { command: 'log.pageDown', keys: ['pagedown'], label: 'Page up/down; g oldest; G newest and follow', hint: 'page', when: EVENTS, group: 'events' },
  { command: 'log.top', keys: ['g', 'home'], label: 'Page up/down; g oldest; G newest and follow', hint: 'oldest', when: EVENTS, group: 'events' },
  { command: 'log.bottom', keys: ['G', 'end'], label: 'Page up/down; g oldest; G newest and follow', hint: 'follow', when: EVENTS, group: 'events' },
  { command: 'log.back', keys: ['escape'], label: 'Clear the search, then the filter (e E set it)', hint: 'clear', when: EVENTS, group: 'events' },
  { command: 'table.pageUp', keys: ['pageup'], label: 'Page up/down, first/last', hint: 'page', when: TABLES, group: 'tables', helpKeys: 'PgUp/Dn g/G' },
  { command: 'table.pageDown', keys: ['pagedown'], label: 'Page up/down, first/last', hint: 'page', when: TABLES, group: 'tables' },
  { command: 'table.first', keys: ['g', 'home'], label: 'Page up/down, first/last', hint: 'first', when: TABLES, group: 'tables' },
  { command: 'table.last', keys: ['G', 'end'], label: 'Page up/down, first/last', hint: 'last', when: TABLES, group: 'tables' },
  { command: 'view.alerts', keys: ['1'], label: 'Views: alerts, events, blocks, diagnostics, hosts', hint: 'views', when: VIEWS, group: 'views', helpKeys: '1 2 3 4 5' },
  { command: 'view.events', keys: ['2'], label: 'Views: alerts, events, blocks, diagnostics, hosts', hint: 'views', when: VIEWS, group: 'views' },
  { command: 'view.blocks', keys: ['3'], label: 'Views: alerts, events, blocks, diagnostics, hosts', hint: 'views', when: VIEWS, group: 'views' },
  { command: 'view.diagnostics', keys: ['4'], label: 'Views: alerts, events, blocks, diagnostics, hosts', hint: 'views', when: VIEWS, group: 'views' },
  { command: 'view.hosts', keys: ['5'], label: 'Views: alerts, events, blocks, diagnostics, hosts', hint: 'views', when: VIEWS, group: 'views' },
  { command: 'command.open', keys: [':'], label: 'Command line (the commands are listed below)', hint: 'command', when: VIEWS, group: 'views' },
  { command: 'feed.pause', keys: ['p'], label: 'Pause / resume the live events', hint: 'pause', when: VIEWS, group: 'views' },
  { command: 'help.open', keys: ['?'], label: HELP, hint: 'help', when: VIEWS, group: 'views', helpKeys: '?' },
  { command: 'app.quit', keys: ['q', 'ctrl+c'], label: 'Quit (saves alerts first)', hint: 'quit', when: VIEWS, group: 'views' },
  { command: 'input.apply', keys: ['return'], label: 'Apply (search, run, write)', hint: 'apply', when: ['input'], group: 'input' },
  { command: 'input.cancel', keys: ['escape'], label: 'Cancel (the search box: clear it)', hint: 'cancel', when: ['input'], group: 'input' },
  { command: 'input.erase', keys: ['backspace'], label: 'Erase a character', hint: 'erase', when: ['input'], group: 'input' },
  { command: 'input.type', keys: ['any'], label: 'Type (the alert list filters as you type)', hint: 'type', when: ['input'], group: 'input', helpKeys: 'text' },
  { command: 'confirm.duration', keys: ['d'], label: 'Block: the next duration (1h, 10m, 1d, 7d, permanent)', hint: 'duration', when: ['confirm'], group: 'confirm' },
  { command: 'confirm.typeDuration', keys: ['t'], label: 'Block: type a duration (90m, 12h, 3d, permanent)', hint: 'type duration', when: ['confirm'], group: 'confirm' },
  { command: 'confirm.subnet', keys: ['s'], label: 'Block: the address or its /24 (/64) subnet', hint: 'subnet', when: ['confirm'], group: 'confirm' },
  { command: 'confirm.yes', keys: ['y'], label: 'Confirm', hint: 'confirm', when: ['confirm'], group: 'confirm' },
  { command: 'confirm.cancel', keys: ['any'], label: 'Cancel', hint: 'cancel', when: ['confirm'], group: 'confirm', helpKeys: 'other' },
  { command: 'help.scrollUp', keys: ['up', 'k'], label: HELP, hint: 'scroll', when: ['help'], group: 'views' },
  { command: 'help.scrollDown', keys: ['down', 'j'], label: HELP, hint: 'scroll', when: ['help'], group: 'views' },
  { command: 'help.pageUp', keys: ['pageup'], label: HELP, hint: 'page', when: ['help'], group: 'views' },
  { command: 'help.pageDown', keys: ['pagedown'], label: HELP, hint: 'page', when: ['help'], group: 'views' },
  { command: 'help.close', keys: ['any'], label: HELP, hint: 'close', when: ['help'], group: 'views' },
  { command: 'app.quit', keys: ['ctrl+c'], label: 'Quit (saves alerts first)', hint: 'quit', when: MODALS, group: 'views' },
];
