/** Event types in words, shared by the live feed and the stats so the screen uses one vocabulary. */
import type { EventType } from '../../engine/model/event.js';
import type { FeedItem } from '../../engine/snapshot/types.js';

export const EVENT_LABEL: Record<EventType, string> = {
  auth_failure: 'FAIL',
  auth_success: 'LOGIN',
  invalid_user: 'INVALID',
  not_allowed: 'DENIED',
  preauth_disconnect: 'DISCONN',
  protocol_error: 'PROTO',
  firewall_block: 'FW-BLOCK',
  flow: 'FLOW',
};

/** What each label means (the help overlay's legend). */
export const EVENT_MEANING: Record<EventType, string> = {
  auth_failure: 'failed login',
  auth_success: 'successful login',
  invalid_user: 'unknown user name tried',
  not_allowed: 'user not allowed to log in',
  preauth_disconnect: 'disconnected before logging in',
  protocol_error: 'SSH protocol error / scan',
  firewall_block: 'packet dropped by the firewall',
  flow: 'network flow record',
};

/**
 * True for a failed-login line that only echoes an attempt already counted (pam_unix under sshd,
 * `maximum authentication attempts exceeded`, `PAM: Authentication failure`): the parser weighs
 * them `corroboration`, and the rules never count them.
 */
export function isEcho(item: Pick<FeedItem, 'type' | 'weight'>): boolean {
  return item.type === 'auth_failure' && item.weight === 'corroboration';
}

/** `1234` → `1234`, `12345` → `12.3k`, `2500000` → `2.5M`. */
export function compactNumber(n: number): string {
  if (n < 10_000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
