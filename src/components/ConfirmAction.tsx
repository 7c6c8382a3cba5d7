import { Box, Text } from 'ink';
import type { ResponderInfo } from '../console/types.js';
import type { Alert } from '../engine/model/alert.js';
import type { PendingAction } from '../state/view-reducer.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { Panel } from './Panel.js';
import { blockDuration } from './format/time.js';
import { BLOCK_DURATIONS } from '../state/view-reducer.js';

const DURATION_CHOICES = BLOCK_DURATIONS;

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
  // Said under every block question: whether anything really changes, and the alert it answers.
  const simulatedLine = (
    <Text key="sim" wrap="truncate" {...(responder.simulated ? theme.muted : theme.warning)}>
      {responder.simulated ? 'Simulated: nothing on this system changes.' : 'This changes the firewall of this machine.'}
    </Text>
  );
  const alertLine = (alert: Alert): React.JSX.Element => (
    <Text key="alert" wrap="truncate" {...theme.muted}>
      Alert: {alert.severity} {terminalSafe(alert.rule)}, {alert.count} attempts
    </Text>
  );
  let title: string;
  let lines: React.JSX.Element[];
  if (action.kind === 'block' && action.choice) {
    const c = action.choice;
    const target = c.useSubnet && c.subnet ? c.subnet : c.address;
    const alert = alerts.find((a) => a.id === action.alertIds[0]) ?? null;
    const asked = c.seconds === null ? ' permanently' : ` for ${blockDuration(c.seconds)}`;
    title = 'Confirm block';
    lines = [
      <Text key="q" wrap="truncate">
        Block <Text bold>{terminalSafe(target)}</Text> with <Text {...theme.accent}>{terminalSafe(responder.name)}</Text>
        {asked}?
      </Text>,
      <Text key="dur" wrap="truncate">
        <Text {...theme.key}>d</Text> duration: {DURATION_CHOICES.map((s, i) => (
          <Text key={i} {...(s === c.seconds ? { bold: true, inverse: true } : theme.muted)}>
            {' '}
            {s === null ? 'permanent' : blockDuration(s)}{' '}
          </Text>
        ))}
      </Text>,
    ];
    if (c.subnet) {
      lines.push(
        <Text key="net" wrap="truncate">
          <Text {...theme.key}>s</Text> target:{' '}
          <Text {...(!c.useSubnet ? { bold: true, inverse: true } : theme.muted)}> address {terminalSafe(c.address)} </Text>{' '}
          <Text {...(c.useSubnet ? { bold: true, inverse: true } : theme.muted)}> subnet {terminalSafe(c.subnet)} </Text>
        </Text>,
      );
    }
    if (c.refused) {
      lines.push(
        <Text key="refused" wrap="truncate" {...theme.message.error}>
          Refused: {terminalSafe(c.refused)}
        </Text>,
      );
    }
    lines.push(simulatedLine);
    if (alert) lines.push(alertLine(alert));
  } else if (action.kind === 'block') {
    const one = action.ips.length === 1;
    const alert = one ? (alerts.find((a) => a.id === action.alertIds[0]) ?? null) : null;
    title = 'Confirm block';
    lines = [
      <Text key="q" wrap="truncate">
        Block <Text bold>{one ? terminalSafe(action.ips[0] ?? '') : `${action.ips.length} IPs`}</Text> with{' '}
        <Text {...theme.accent}>{terminalSafe(responder.name)}</Text>
        {duration}?
      </Text>,
      simulatedLine,
    ];
    if (alert) lines.push(alertLine(alert));
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
          <Text {...theme.key}>y</Text> {action.kind === 'block' ? 'block' : 'yes'} <Text {...theme.muted}>·</Text>{' '}
          {action.kind === 'block' && action.choice ? (
            <>
              <Text {...theme.key}>d</Text> duration{action.choice.subnet ? <> <Text {...theme.key}>s</Text> subnet</> : null} <Text {...theme.muted}>·</Text>{' '}
            </>
          ) : null}
          <Text {...theme.key}>any other key</Text> cancels
        </Text>
      </Box>
    </Panel>
  );
}
