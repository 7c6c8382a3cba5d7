/**
 * What the webhook sink POSTs. `generic`: `{version, source, change, alert, blockCommand}`, the
 * alert as the store keeps it (the receiver escapes it: the user names and evidence are the
 * attacker's words). `slack`: `{"text": …}`, which Slack incoming webhooks and the many services
 * that copy them (Mattermost, Rocket.Chat, Discord's `/slack` endpoint) accept: a few readable
 * lines, control characters escaped and `& < >` escaped as Slack asks, so an attacker's user name
 * can neither ping `<!channel>` nor add a link.
 */
import { jsonLine } from '../../engine/format/json-line.js';
import type { Alert } from '../../engine/model/alert.js';
import { terminalSafe, terminalSafeTruncate } from '../../engine/text/terminal-safe.js';
import { blockCommand } from './block-command.js';

/** Bumped when a field of the generic body changes meaning or goes away. */
export const WEBHOOK_BODY_VERSION = 1;

export type WebhookFormat = 'generic' | 'slack';
export type NotifiedChange = 'raised' | 'closed';

export function genericBody(alert: Alert, change: NotifiedChange): string {
  return jsonLine({ version: WEBHOOK_BODY_VERSION, source: 'threatwatch-tui', change, alert, blockCommand: blockCommand(alert) });
}

/** Slack's three escapes for message text (`&amp;`, `&lt;`, `&gt;`), after control characters. */
export function slackEscape(text: string): string {
  return terminalSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const MAX_SUMMARY = 500;
const MAX_USERS_SHOWN = 10;

export function slackText(alert: Alert, change: NotifiedChange): string {
  const what = `*${alert.severity}* ${alert.rule}`;
  const subject = slackEscape(terminalSafeTruncate(alert.subject.value, 120));
  const lines = [change === 'closed' ? `Closed: ${what} ${subject}` : `${what} ${subject}`];
  lines.push(slackEscape(terminalSafeTruncate(alert.summary, MAX_SUMMARY)));
  if (alert.users.length > 0) {
    const shown = alert.users.slice(0, MAX_USERS_SHOWN).map((u) => terminalSafeTruncate(u, 40));
    const more = alert.users.length > shown.length ? ` (+${alert.users.length - shown.length} more)` : '';
    lines.push(`Users: ${slackEscape(shown.join(', '))}${more}`);
  }
  if (alert.hosts.length > 0) lines.push(`Hosts: ${slackEscape(terminalSafeTruncate(alert.hosts.join(', '), 200))}`);
  if (alert.flags.length > 0) lines.push(`Flags: ${slackEscape(alert.flags.join(', '))}`);
  const cmd = blockCommand(alert);
  if (cmd !== null && change === 'raised') lines.push(`Block: \`${cmd}\``);
  lines.push(`Alert ${slackEscape(terminalSafeTruncate(alert.id, 160))}, ${alert.count} events, ${alert.firstSeen} – ${alert.lastSeen}`);
  return lines.join('\n');
}

export function slackBody(alert: Alert, change: NotifiedChange): string {
  return jsonLine({ text: slackText(alert, change) });
}

export function webhookBody(format: WebhookFormat, alert: Alert, change: NotifiedChange): string {
  return format === 'slack' ? slackBody(alert, change) : genericBody(alert, change);
}
