// A real MTA for the mail sink's tests: Debian's exim4 with a config of our own (`exim4 -C FILE`)
// that delivers only to local mailboxes under a directory the test owns (no daemon, no network, no
// relay), synchronously (`-odi`), so the message is in the mailbox when sendmail exits.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalMta {
  /** The sendmail argv to configure the sink with (`exim4 -C FILE -odi`). */
  readonly sendmail: string[];
  /** Local parts that have a mailbox (at `localhost` or `threatwatch.test`). */
  readonly users: readonly string[];
  /** Messages delivered to `user`, in order (mbox split). */
  mailbox(user: string): string[];
  /** Exim's main log (deliveries and refusals). */
  mainlog(): string;
  remove(): void;
}

export function findExim(): string | null {
  for (const p of ['/usr/sbin/exim4', '/usr/sbin/exim', '/usr/bin/exim4', '/usr/bin/exim']) if (existsSync(p)) return p;
  return null;
}

export function createLocalMta(exim: string, users: readonly string[] = ['analyst', 'oncall', 'victim', 'boss']): LocalMta {
  const root = mkdtempSync(join(tmpdir(), 'tw-exim-'));
  chmodSync(root, 0o755);
  const spool = join(root, 'spool');
  const mail = join(root, 'mail');
  mkdirSync(spool);
  mkdirSync(mail);
  chmodSync(mail, 0o777); // deliveries run as nobody (exim never delivers as root)
  const conf = join(root, 'exim.conf');
  writeFileSync(
    conf,
    `exim_user = root
exim_group = root
primary_hostname = threatwatch.test
qualify_domain = threatwatch.test
domainlist local_domains = threatwatch.test : localhost
spool_directory = ${spool}
log_file_path = ${spool}/%slog
never_users =
keep_environment =
daemon_smtp_ports =
acl_not_smtp = acl_ok
begin acl
acl_ok:
  accept
begin routers
local:
  driver = accept
  domains = +local_domains
  local_parts = ${users.join(' : ')}
  transport = mbox
begin transports
mbox:
  driver = appendfile
  file = ${mail}/$local_part_data
  user = 65534
  group = 65534
  mode = 0666
  delivery_date_add
  envelope_to_add
  return_path_add
begin retry
* * F,1m,1m
`,
  );
  return {
    sendmail: [exim, '-C', conf, '-odi'],
    users,
    mailbox(user) {
      const file = join(mail, user);
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8')
        .split(/^From \S+ .+\n/m)
        .filter((m) => m.trim() !== '');
    },
    mainlog: () => (existsSync(join(spool, 'mainlog')) ? readFileSync(join(spool, 'mainlog'), 'utf8') : ''),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Null when a probe message reaches its mailbox, else why not (the test then skips, saying so). */
export function probeMta(): string | null {
  const exim = findExim();
  if (exim === null) return 'no exim binary (apt-get install exim4-daemon-light; .ci/run does)';
  const mta = createLocalMta(exim, ['probe']);
  try {
    const r = spawnSync(mta.sendmail[0]!, [...mta.sendmail.slice(1), '-t', '-oi'], { input: 'To: probe@localhost\nSubject: probe\n\nprobe\n', timeout: 20_000, encoding: 'utf8' });
    if (r.error) return `exim could not run: ${r.error.message}`;
    if (r.status !== 0) return `exim exited with ${r.status}: ${r.stderr.trim()}`;
    if (mta.mailbox('probe').length !== 1) return `exim ran but delivered nothing locally (uid ${process.getuid?.()}): ${mta.mainlog().trim().split('\n').slice(-2).join(' | ')}`;
    return null;
  } finally {
    mta.remove();
  }
}

export interface ParsedMail {
  header(name: string): string[];
  headerNames(): string[];
  body: string;
}

/** Headers unfolded, and the body as delivered. */
export function parseMail(raw: string): ParsedMail {
  const cut = raw.indexOf('\n\n');
  const head = raw.slice(0, cut);
  const headers: [string, string][] = [];
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line) && headers.length > 0) headers[headers.length - 1]![1] += ` ${line.trim()}`;
    else {
      const i = line.indexOf(':');
      headers.push([line.slice(0, i), line.slice(i + 1).trim()]);
    }
  }
  return {
    header: (n) => headers.filter(([k]) => k.toLowerCase() === n.toLowerCase()).map(([, v]) => v),
    headerNames: () => headers.map(([k]) => k),
    body: raw.slice(cut + 2),
  };
}

/** Decodes RFC 2047 B-encoded UTF-8 words (and the folding between them). */
export function decodeWords(v: string): string {
  return v.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}
