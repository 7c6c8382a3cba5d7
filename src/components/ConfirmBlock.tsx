import { Box, Text } from 'ink';
import type { ResponderInfo } from '../console/types.js';
import type { Alert } from '../engine/model/alert.js';
import { useTheme } from '../hooks/use-theme.js';
import { terminalSafe } from '../engine/text/terminal-safe.js';
import { Panel } from './Panel.js';
import { blockDuration } from './format/time.js';

export interface ConfirmBlockProps {
  readonly ip: string;
  readonly alert: Alert | null;
  readonly responder: ResponderInfo;
  readonly width: number;
  readonly height: number;
}

/** "Block 203.0.113.45 with nftables for 1h?" — `y` confirms, any other key cancels. */
export function ConfirmBlock({ ip, alert, responder, width, height }: ConfirmBlockProps): React.JSX.Element {
  const theme = useTheme();
  const duration = blockDuration(responder.durationSeconds);
  return (
    <Panel title="Confirm block" width={width} height={height}>
      <Box flexDirection="column" paddingX={2} paddingY={1}>
        <Text wrap="truncate">
          Block <Text bold>{terminalSafe(ip)}</Text> with <Text {...theme.accent}>{terminalSafe(responder.name)}</Text>
          {responder.durationSeconds === null ? ' permanently' : ` for ${duration}`}?
        </Text>
        <Text wrap="truncate" {...(responder.simulated ? theme.muted : theme.warning)}>
          {responder.simulated
            ? 'Simulated: nothing on this system changes.'
            : 'This changes the firewall of this machine.'}
        </Text>
        {alert ? (
          <Text wrap="truncate" {...theme.muted}>
            Alert: {alert.severity} {terminalSafe(alert.rule)}, {alert.count} attempts
          </Text>
        ) : null}
        <Text> </Text>
        <Text>
          <Text {...theme.key}>y</Text> block <Text {...theme.muted}>·</Text> <Text {...theme.key}>any other key</Text> cancels
        </Text>
      </Box>
    </Panel>
  );
}
