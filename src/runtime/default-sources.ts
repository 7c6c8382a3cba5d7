/**
 * The logs a live front end follows when none is named: `/var/log/auth.log` (Debian, Ubuntu) or
 * `/var/log/secure` (RHEL family), whichever is readable; else a clear error saying why.
 */
import { constants, promises as fsp } from 'node:fs';
import { UsageError } from '../cli/errors.js';

const DEFAULT_LOGS = ['/var/log/auth.log', '/var/log/secure'];

async function readable(path: string): Promise<'ok' | 'missing' | 'denied'> {
  try {
    await fsp.access(path, constants.R_OK);
    return 'ok';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'denied';
  }
}

export async function defaultSources(): Promise<string[]> {
  const found: string[] = [];
  const denied: string[] = [];
  for (const p of DEFAULT_LOGS) {
    const r = await readable(p);
    if (r === 'ok') found.push(p);
    else if (r === 'denied') denied.push(p);
  }
  if (found.length > 0) return found;
  const why =
    denied.length > 0
      ? `${denied.join(' and ')} exist${denied.length === 1 ? 's' : ''} but you may not read ${denied.length === 1 ? 'it' : 'them'} (permission denied): run with sudo, or add your user to the adm group (Debian/Ubuntu) or wheel (RHEL).`
      : `neither ${DEFAULT_LOGS.join(' nor ')} exists on this machine (journald-only systems: pipe \`journalctl -o json -f\` into a file).`;
  throw new UsageError(
    `no log to watch: ${why}\n` +
      `  Watch a file:           threatwatch-tui /path/to/auth.log\n` +
      `  Try the built-in demo: threatwatch-tui --demo`,
  );
}

