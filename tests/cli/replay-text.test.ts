// `replay --format text` as it appears in a terminal: IPv4 and IPv6 alerts line up (issue 12, bug 3),
// and the progress bar on stderr is cleared before an alert is printed on the same screen (bug 7).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runReplay } from '../../src/commands/replay.js';
import type { Io } from '../../src/commands/io.js';

/** stdout and stderr of a replay sharing one terminal, as a user sees them. */
function terminal(): { io: Io; lines: () => string[] } {
  let screen = '';
  const stream = (isTTY: boolean) =>
    ({
      isTTY,
      columns: 120,
      write(chunk: string | Uint8Array) {
        screen += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      },
    }) as unknown as NodeJS.WriteStream;
  // Lines as the terminal shows them: \r returns to column 0, ESC[2K erases the line.
  const lines = (): string[] => {
    const out: string[] = [];
    let line = '';
    let col = 0;
    for (let i = 0; i < screen.length; i++) {
      const ch = screen[i]!;
      if (screen.startsWith('\u001b[2K', i)) {
        line = '';
        i += 3;
      } else if (ch === '\r') col = 0;
      else if (ch === '\n') {
        out.push(line);
        line = '';
        col = 0;
      } else {
        line = line.slice(0, col) + ch + line.slice(col + 1);
        col++;
      }
    }
    if (line !== '') out.push(line);
    return out;
  };
  return { io: { stdout: stream(true), stderr: stream(true), env: {} }, lines };
}

function attackLog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tw-replay-text-'));
  const file = join(dir, 'auth.log');
  const lines: string[] = [];
  const attackers = ['203.0.113.9', '2001:db8:85a3:1234:5678:8a2e:3707:c177'];
  attackers.forEach((ip, k) => {
    for (let i = 0; i < 7; i++) {
      lines.push(`2024-05-01T09:1${k}:0${i}.000000+00:00 bastion-01 sshd[9${k}${i}]: Failed password for root from ${ip} port 4000${i} ssh2`);
    }
  });
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('replay --format text on a terminal', () => {
  it('lines up IPv4 and IPv6 alerts and never prints an alert behind the progress bar', async () => {
    const t = terminal();
    expect(await runReplay({ files: [attackLog()], format: 'text', intel: [] }, t.io)).toBe(0);
    const alerts = t.lines().filter((l) => l.includes('count='));
    expect(alerts).toHaveLength(2);
    // each alert line starts with its time stamp: no leftover of the progress bar before it
    for (const l of alerts) expect(l).toMatch(/^2024-05-01 09:1\d:\d\dZ /);
    // the columns after the address start at the same place for both
    const at = (l: string, what: string) => l.indexOf(what);
    expect(at(alerts[0]!, 'count=')).toBe(at(alerts[1]!, 'count='));
    const ipAt = alerts.map((l) => Math.max(at(l, '203.0.113.9'), at(l, '2001:db8:')));
    expect(ipAt[0]).toBe(ipAt[1]);
    expect(alerts.some((l) => l.includes('2001:db8:85a3:1234:5678:8a2e:3707:c177 '))).toBe(true);
  });
});
