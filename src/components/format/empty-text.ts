/** What an empty alert list or feed says, so "nothing happened" is never confused with "nothing read". */
import type { SourceStatus } from '../../console/types.js';
import { terminalSafeTruncate } from '../../engine/text/terminal-safe.js';

/** Why nothing is being read, or null when at least one source is tailing. */
export function notReadingReason(sources: readonly SourceStatus[]): string | null {
  if (sources.length === 0) return 'No log source is open.';
  if (sources.some((s) => s.state === 'tailing')) return null;
  const s = sources[0]!;
  const name = terminalSafeTruncate(s.name, 40);
  switch (s.state) {
    case 'waiting':
      return `${name} does not exist yet: it will be read as soon as it appears.`;
    case 'denied':
      return `${name} cannot be read (permission denied): run with sudo or join the adm group.`;
    case 'error':
      return `${name} cannot be read${s.detail ? `: ${terminalSafeTruncate(s.detail, 40)}` : ''}.`;
    default:
      return `${name} has been read to the end.`;
  }
}

/** The alert list's empty line: nothing happened, nothing read, or nothing that the filters let through. */
export function emptyAlertsText(totalAlerts: number, sources: readonly SourceStatus[], filtered: boolean): string {
  if (totalAlerts > 0 && filtered) return 'Nothing matches: o shows other statuses (open/all/closed), v other severities, Esc clears the search.';
  const reason = notReadingReason(sources);
  return reason ?? 'No alerts yet: watching the logs for attacks.';
}
