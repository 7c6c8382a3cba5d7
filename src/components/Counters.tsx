import { Text } from 'ink';
import { SEVERITIES } from '../engine/model/alert.js';
import { EVENT_TYPES, type EventType } from '../engine/model/event.js';
import type { Counters as EngineCounters } from '../engine/snapshot/types.js';
import { useTheme } from '../hooks/use-theme.js';
import { SEVERITY_SHORT } from './format/alert-labels.js';

export interface CountersProps {
  readonly counters: EngineCounters;
  readonly blocked: number;
  /** Lines available (1: severities only; 2+: events by type too). */
  readonly lines: number;
}

const TYPE_SHORT: Record<EventType, string> = {
  auth_failure: 'fail',
  auth_success: 'login',
  invalid_user: 'invalid',
  not_allowed: 'denied',
  preauth_disconnect: 'disconn',
  protocol_error: 'proto',
  firewall_block: 'fw',
  flow: 'flow',
};

/** Alerts per severity, blocked IPs, and events by type. */
export function Counters({ counters, blocked, lines }: CountersProps): React.JSX.Element | null {
  const theme = useTheme();
  if (lines <= 0) return null;
  const types = EVENT_TYPES.filter((t) => (counters.eventsByType[t] ?? 0) > 0);
  return (
    <>
      <Text wrap="truncate">
        {[...SEVERITIES].reverse().map((s) => (
          <Text key={s}>
            <Text {...theme.severity[s]}>{SEVERITY_SHORT[s]}</Text> {counters.alertsBySeverity[s] ?? 0}{' '}
          </Text>
        ))}
      </Text>
      {lines >= 2 ? (
        <Text wrap="truncate">
          <Text {...theme.muted}>blocked</Text> {blocked}
          <Text {...theme.muted}> · </Text>
          {types.length === 0 ? <Text {...theme.muted}>no events yet </Text> : null}
          {types.map((t) => (
            <Text key={t}>
              <Text {...theme.eventType[t]}>{TYPE_SHORT[t]}</Text> {counters.eventsByType[t]}{' '}
            </Text>
          ))}
          <Text {...theme.muted}>({counters.events} events)</Text>
        </Text>
      ) : null}
    </>
  );
}
