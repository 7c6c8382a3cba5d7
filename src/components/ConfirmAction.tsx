import { Box, Text } from 'ink';
import type { ResponderInfo } from '../console/types.js';
import type { Alert } from '../engine/model/alert.js';
import type { PendingAction } from '../state/view-reducer.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { Panel } from './Panel.js';
import { blockDuration } from './format/time.js';

export interface ConfirmActionProps {
  readonly action: PendingAction;
  /** The runtime's alerts (to describe the one a single block comes from). */
  readonly alerts: readonly Alert[];
  readonly responder: ResponderInfo;
  readonly width: number;
  readonly height: number;
}

const ASK: Record<string, string> = {
  acknowledged: 'Acknowledge',
  resolved: 'Resolve',
  false_positive: 'Mark as false positive',
  new: 'Reopen',
  blocked: 'Block',
};

/**
 * The one question before an action that changes things: "Block 203.0.113.45 with nftables for
 * 1h?", "Block 4 IPs …?", "Resolve 12 marked alerts?" — `y` confirms, any other key cancels.
 */
export function ConfirmAction({ action, alerts, responder, width, height }: ConfirmActionProps): React.JSX.Element {
  const theme = useTheme();
  const duration = responder.durationSeconds === null ? ' permanently' : ` for ${blockDuration(responder.durationSeconds)}`;
  let title: string;
  let lines: React.JSX.Element[];
  if (action.kind === 'block') {
    const one = action.ips.length === 1;
    const alert = one ? (alerts.find((a) => a.id === action.alertIds[0]) ?? null) : null;
    title = 'Confirm block';
    lines = [
      <Text key="q" wrap="truncate">
        Block <Text bold>{one ? terminalSafe(action.ips[0] ?? '') : `${action.ips.length} IPs`}</Text> with{' '}
        <Text {...theme.accent}>{terminalSafe(responder.name)}</Text>
        {duration}?
      </Text>,
      <Text key="sim" wrap="truncate" {...(responder.simulated ? theme.muted : theme.warning)}>
        {responder.simulated ? 'Simulated: nothing on this system changes.' : 'This changes the firewall of this machine.'}
      </Text>,
    ];
    if (alert) {
      lines.push(
        <Text key="alert" wrap="truncate" {...theme.muted}>
          Alert: {alert.severity} {terminalSafe(alert.rule)}, {alert.count} attempts
        </Text>,
      );
    }
    if (!one) {
      lines.push(
        <Text key="ips" wrap="truncate" {...theme.muted}>
          {action.ips.slice(0, 6).map(terminalSafe).join(', ')}
          {action.ips.length > 6 ? ` and ${action.ips.length - 6} more` : ''} (from the marked alerts)
        </Text>,
      );
    }
  } else {
    const n = action.alertIds.length;
    title = 'Confirm';
    lines = [
      <Text key="q" wrap="truncate">
        {ASK[action.status] ?? action.status} <Text bold>{n} marked {n === 1 ? 'alert' : 'alerts'}</Text>?
      </Text>,
    ];
  }
  return (
    <Panel title={title} width={width} height={height}>
      <Box flexDirection="column" paddingX={2} paddingY={1}>
        {lines}
        <Text> </Text>
        <Text>
          <Text {...theme.key}>y</Text> {action.kind === 'block' ? 'block' : 'yes'} <Text {...theme.muted}>·</Text> <Text {...theme.key}>any other key</Text> cancels
        </Text>
      </Box>
    </Panel>
  );
}
