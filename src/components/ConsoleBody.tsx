import type { Alert } from '../engine/model/alert.js';
import type { BlockRecord, ConsoleStore, SourceStatus } from '../console/types.js';
import type { EngineSnapshot } from '../engine/snapshot/types.js';
import type { Layout } from '../state/layout.js';
import type { ViewState } from '../state/view-reducer.js';
import { useConsoleSlice } from '../hooks/use-console-slice.js';
import type { Today } from './format/time.js';
import { Dashboard } from './Dashboard.js';
import { AlertDetail } from './AlertDetail.js';
import { ConfirmAction } from './ConfirmAction.js';
import { HelpOverlay } from './HelpOverlay.js';
import { EventLog } from './EventLog.js';
import { BlocksView } from './BlocksView.js';
import { DiagnosticsView } from './DiagnosticsView.js';
import { HostsView } from './HostsView.js';
import { alertBadge } from './format/alert-badge.js';

export interface ConsoleBodyProps {
  readonly store: ConsoleStore;
  readonly view: ViewState;
  readonly layout: Layout;
  readonly snapshot: EngineSnapshot;
  readonly sources: readonly SourceStatus[];
  readonly blocks: readonly BlockRecord[];
  readonly blockedIps: ReadonlySet<string>;
  /** The alerts the list shows. */
  readonly alerts: readonly Alert[];
  readonly selectedIndex: number;
  /** Alerts new since the analyst looked. */
  readonly unseen: ReadonlySet<string>;
  readonly detailAlert: Alert | null;
  readonly detailBlock: BlockRecord | undefined;
  readonly today: Today;
  /** The mouse is on (`--mouse`): the help says so. */
  readonly mouse: boolean;
}

/** What is between the header and the message line: a dialog, or the current view. */
export function ConsoleBody(props: ConsoleBodyProps): React.JSX.Element {
  const { store, view, layout, snapshot, today } = props;
  const { width, height } = layout.body;
  const responder = useConsoleSlice(store, (s) => s.responder);
  const eventLog = useConsoleSlice(store, (s) => s.eventLog);
  const diagnostics = useConsoleSlice(store, (s) => s.diagnostics);
  const hosts = useConsoleSlice(store, (s) => s.hosts);
  const warnings = useConsoleSlice(store, (s) => s.warnings);
  const feed = view.log.frozen ?? eventLog ?? snapshot.feed;
  const modal = view.modal;
  if (modal.kind === 'help') return <HelpOverlay width={width} height={height} scroll={modal.scroll} mouse={props.mouse} />;
  if (modal.kind === 'confirm') {
    return <ConfirmAction action={modal.action} alerts={snapshot.alerts} responder={responder} width={width} height={height} />;
  }
  switch (view.view) {
    case 'events':
      return (
        <EventLog
          events={feed}
          live={view.log.frozen === null}
          log={view.log}
          bounded={eventLog ? 'log' : 'feed'}
          sources={props.sources}
          today={today}
          width={width}
          height={height}
        />
      );
    case 'blocks':
      return <BlocksView blocks={props.blocks} alerts={snapshot.alerts} selected={view.tables.blocks} store={store} width={width} height={height} today={today} />;
    case 'diagnostics':
      return (
        <DiagnosticsView
          state={{ diagnostics, snapshot, warnings }}
          fromRuntime={diagnostics !== undefined}
          selected={view.tables.diagnostics}
          today={today}
          width={width}
          height={height}
        />
      );
    case 'hosts':
      return <HostsView hosts={hosts} selected={view.tables.hosts} today={today} width={width} height={height} />;
    case 'alerts':
      if (view.screen === 'detail') {
        return (
          <AlertDetail
            alert={props.detailAlert}
            block={props.detailBlock}
            context={{ alerts: snapshot.alerts, blocks: props.blocks, history: store.actions.ipHistory?.bind(store.actions) }}
            scroll={view.detailScroll}
            width={width}
            height={height}
          />
        );
      }
      return (
        <Dashboard
          snapshot={snapshot}
          sources={props.sources}
          blockedIps={props.blockedIps}
          layout={layout}
          alerts={props.alerts}
          selectedIndex={props.selectedIndex}
          alertBadge={alertBadge(view, props.unseen.size)}
          filtered={view.severities.length < 4 || view.search !== '' || view.statusFilter !== 'all' || (view.modal.kind === 'input' && view.modal.purpose === 'search')}
          sort={view.sort}
          hostColumn={(hosts?.length ?? 0) > 1}
          marked={view.marked}
          unseen={props.unseen}
          feed={view.log.frozen ?? snapshot.feed}
          paused={view.log.frozen !== null}
          today={today}
        />
      );
  }
}
