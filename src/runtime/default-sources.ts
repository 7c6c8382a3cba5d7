/**
 * The logs a live front end follows when none is named: `/var/log/auth.log` (Debian, Ubuntu) or
 * `/var/log/secure` (RHEL family), whichever is readable; else a clear error saying why.
 */
import { constants, existsSync, promises as fsp } from 'node:fs';
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

/** True when a `journalctl` program is on the PATH. */
export async function hasJournalctl(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  for (const dir of (env.PATH ?? '/usr/bin:/bin').split(':')) {
    if (dir === '') continue;
    try {
      await fsp.access(`${dir}/journalctl`, constants.X_OK);
      return true;
    } catch {
      // next
    }
  }
  return false;
}

/**
 * What to follow when nothing is named: the auth log files that are readable, else the journal
 * when `journalctl` exists (Debian 12+ logs sshd only to the journal unless rsyslog is installed).
 */
export async function defaultLiveSources(env: NodeJS.ProcessEnv = process.env): Promise<{ files: string[]; journal: boolean }> {
  try {
    return { files: await defaultSources(), journal: false };
  } catch (err) {
    const missingOnly = !DEFAULT_LOGS.some((p) => existsSync(p));
    if (missingOnly && (await hasJournalctl(env))) return { files: [], journal: true };
    throw err;
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
      : `neither ${DEFAULT_LOGS.join(' nor ')} exists on this machine, and there is no journalctl to read the journal instead.`;
  throw new UsageError(
    `no log to watch: ${why}\n` +
      `  Watch a file:           threatwatch-tui /path/to/auth.log\n` +
      `  Read the journal:       threatwatch-tui --journal\n` +
      `  Try the built-in demo: threatwatch-tui --demo`,
  );
}

