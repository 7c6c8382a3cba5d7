#!/usr/bin/env node
/**
 * threatwatch-tui command line: argv → command. The only place that maps errors to exit codes
 * (2 for usage, bad input or bad config; 1 for anything else). Headless commands never load Ink.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { UsageError, exitCodeFor } from './cli/errors.js';
import { packageVersion } from './cli/package-info.js';
import { processIo } from './commands/io.js';
import { withoutNoColourFlags } from './cli/colour-flags.js';

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} takes a number > 0, got "${value}"`);
    return n;
  };
}
function nonNegativeInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} takes a whole number ≥ 0, got "${value}"`);
    return n;
  };
}
function rateValue(value: string): number | 'max' {
  if (value === 'max' || value === '0') return 'max';
  return positiveNumber('--rate')(value);
}
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Options of the live front ends (the console and `watch`): sources, position, data directory, response. */
function liveOptions(cmd: Command): Command {
  return cmd
    .option('--journal', 'read the systemd journal (SSH units and the kernel); the default when no auth log exists and journalctl does')
    .option('--syslog <url>', 'receive syslog from a fleet: udp://127.0.0.1:5514 or tcp://0.0.0.0:6514 (loopback unless an address is given); repeatable', collect, [])
    .option('--from-start', 'read the files from their start, ignoring the saved position')
    .option('--from-end', 'read only new lines, ignoring the saved position (default on a first run: the end)')
    .option('--data-dir <dir>', 'where alerts, blocks and positions are stored (default: $XDG_STATE_HOME/threatwatch or ~/.local/state/threatwatch)')
    .option('--readonly', 'do not take the data directory (another console or watch has it): view only, no response actions')
    .option('--blocker <name>', 'responder backend for blocks: simulate (default), nftables, iptables, ufw, command')
    .option('--dry-run', 'print the commands a block would run instead of running them')
    .option('--webhook <url>', 'POST new HIGH/CRITICAL alerts as JSON to URL (overrides sinks.webhook.url; keep a token in the config file, not here: ps shows arguments)');
}

function detectionOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'configuration file (JSON or YAML): thresholds, time zone, intel feeds, allowlist')
    .option('--intel <path>', 'extra threat-intel feed (CSV or plain IP/CIDR list); repeatable', collect, [])
    .option('--timezone <zone>', 'IANA time zone of log lines that carry none (RFC 3164), e.g. Europe/Berlin; default: local');
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('threatwatch-tui')
    .description(
      'Live security-operations console for Linux servers: watches auth logs, raises alerts on SSH brute ' +
        'force, enriches them with threat intel, and lets you triage and block from the keyboard.',
    )
    .addHelpText(
      'after',
      [
        '',
        'With no command, the console opens (options: threatwatch-tui console --help):',
        '  threatwatch-tui --demo                      built-in simulated traffic',
        '  threatwatch-tui /var/log/auth.log           tail a log (new lines only; --from-start reads it all)',
        '  threatwatch-tui replay auth.log.1 auth.log  headless: alerts as NDJSON or text',
        '  threatwatch-tui parse --unmatched auth.log  what the parsers see, and what they miss',
      ].join('\n'),
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  detectionOptions(
    liveOptions(
      program
        .command('console', { isDefault: true })
        .description('open the live console (default source: /var/log/auth.log or /var/log/secure, else the journal)')
        .argument('[files...]', 'log files to follow (wildcards in the file name: /var/log/auth.log*); - reads the log from stdin')
        .option('--demo', 'watch built-in simulated traffic (its own temporary data directory unless --data-dir)'),
    ).option('--no-color', 'no colours (also: NO_COLOR environment variable)')
      .option('--mouse', 'mouse on: click a row to select it, the wheel scrolls or moves the selection (off by default; also console.mouse in the config file; the terminal\'s own selection then needs Shift held)')
      .option('--no-mouse', 'mouse off, whatever the config file says')
      .addOption(
        new Option('--theme <name>', 'colours for a dark or light terminal background (default: THREATWATCH_THEME, else auto from COLORFGBG)').choices([
          'dark',
          'light',
          'auto',
        ]),
      ),
  ).action(async (files: string[], options) => {
    // before Ink (and chalk) load: the theme drops the colours, chalk must keep bold and inverse
    if (options.color === false) process.argv = withoutNoColourFlags(process.argv);
    // the console reads its palette from THREATWATCH_THEME (themeFromEnv): the flag sets it
    if (options.theme === 'auto') delete process.env.THREATWATCH_THEME;
    else if (options.theme) process.env.THREATWATCH_THEME = options.theme;
    const { runConsole } = await import('./commands/live.js');
    process.exitCode = await runConsole({ files, ...options, intel: options.intel, color: options.color });
  });

  detectionOptions(
    liveOptions(
      program
        .command('watch')
        .description('the live pipeline without a UI (for a service or a pipe): NDJSON alerts or events on stdout')
        .argument('[sources...]', 'log files to follow (default: /var/log/auth.log or /var/log/secure, else the journal); - reads stdin')
        .addOption(new Option('--emit <what>', 'what to print: alerts (raised, growing at most once a second, closed) or every parsed event').choices(['alerts', 'events']).default('alerts'))
        .option('--demo', 'follow built-in simulated traffic (its own temporary data directory unless --data-dir)'),
    ),
  ).action(async (sources: string[], options) => {
    const { runWatch } = await import('./commands/watch.js');
    const stops: (() => void)[] = [];
    const fire = () => {
      for (const f of stops.splice(0)) f();
    };
    process.once('SIGINT', fire);
    process.once('SIGTERM', fire);
    process.exitCode = await runWatch({ files: sources, ...options }, processIo(), { onStop: (f) => stops.push(f) });
  });

  detectionOptions(
    program
      .command('replay')
      .description('run log files through the detection engine headless and print the alerts')
      .argument('<files...>', 'log files (.gz read transparently; - for stdin); several are merged in time order')
      .addOption(new Option('--format <format>', 'output format (default: ndjson when stdout is not a terminal, else text)').choices(['ndjson', 'text']))
      .option('--max', 'run as fast as possible (default)')
      .option('--speed <n>', 'pace events at N times their real spacing, for demos', positiveNumber('--speed'))
      .option('--save', 'store the alerts in the data directory (default: do not write anything)')
      .option('--data-dir <dir>', 'data directory for --save')
      .option('--no-progress', 'no progress bar on stderr'),
  ).action(async (files: string[], options) => {
    if (options.max && options.speed !== undefined) throw new UsageError('replay: --max and --speed exclude each other');
    const { runReplay } = await import('./commands/replay.js');
    process.exitCode = await runReplay({ files, ...options }, processIo());
  });

  program
    .command('parse')
    .description('show the normalized events the parsers read from log files (NDJSON), like fail2ban-regex')
    .argument('<files...>', 'log files (.gz read transparently; - for stdin)')
    .option('--unmatched', 'print the lines from known programs that no template matched, instead of events')
    .option('-c, --config <file>', 'configuration file (only its timezone is used here)')
    .option('--timezone <zone>', 'IANA time zone of log lines that carry none (RFC 3164), e.g. Europe/Berlin; default: local')
    .action(async (files: string[], options) => {
    const { runParse } = await import('./commands/parse.js');
    process.exitCode = await runParse({ files, ...options }, processIo());
  });

  program
    .command('config')
    .description('print the effective configuration (every default, merged with the config file) as YAML')
    .option('-c, --config <file>', 'configuration file (default: ~/.config/threatwatch/config.yaml when it exists)')
    .option('--json', 'print JSON instead of YAML')
    .action(async (options) => {
      const { runConfig } = await import('./commands/config.js');
      process.exitCode = await runConfig(options, processIo());
    });

  program
    .command('explain')
    .description('show how each log line is read: envelope, program, template, fields, event and the attempts it counts')
    .argument('<lines...>', 'log lines, each one argument (quote them); - reads lines from stdin')
    .option('--journal-text', 'the lines are the journal\'s text form "host tag[pid]: message" (no timestamp)')
    .option('--json', 'one JSON object per line instead of text')
    .option('-c, --config <file>', 'configuration file (only its timezone is used here)')
    .option('--timezone <zone>', 'IANA time zone of log lines that carry none (RFC 3164), e.g. Europe/Berlin; default: local')
    .action(async (lines: string[], options) => {
      const { runExplain } = await import('./commands/explain.js');
      process.exitCode = await runExplain({ lines, ...options }, processIo());
    });

  program
    .command('simulate')
    .description('write realistic simulated auth-log traffic (logins, noise, brute-force bursts) to a file or stdout')
    .option('--out <file>', 'append to this file instead of stdout')
    .option('--rate <lines_per_s>', 'average lines per second (default 20); 0 or "max": as fast as possible, never ahead of the clock', rateValue)
    .option('--duration <s>', 'stop after this many seconds (with --lines: whichever comes first)', positiveNumber('--duration'))
    .option('--lines <n>', 'stop after this many lines', nonNegativeInt('--lines'))
    .option('--seed <n>', 'random seed, for reproducible output', nonNegativeInt('--seed'))
    .addOption(new Option('--format <format>', 'timestamp style').choices(['rfc3164', 'rfc3339']).default('rfc3164'))
    .action(async (options) => {
      const { runSimulate } = await import('./commands/simulate.js');
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.exitCode = await runSimulate(options, { stdout: process.stdout, stderr: process.stderr, signal: ac.signal });
    });

  // ── block, unblock, blocks: the console's block actions for scripts ─────────────────────────
  const blockStoreOptions = (cmd: Command): Command =>
    cmd
      .option('--data-dir <dir>', 'data directory shared with the console and watch (default: $XDG_STATE_HOME/threatwatch or ~/.local/state/threatwatch)')
      .option('-c, --config <file>', 'configuration file (allowlist, responder backend and duration, data directory)');
  const blockExitCodes = '\nExit status: 0 done, 1 refused or failed (the reason on stderr), 2 usage error.\n' +
    'When a console or watch holds the data directory, the action is handed to it through <data-dir>/control.sock.\n';

  blockStoreOptions(
    program
      .command('block')
      .description('block an IP address or CIDR range, like the console\'s b key (guard, backend, store, audit log)')
      .argument('<target>', 'IP address or CIDR range (e.g. 203.0.113.45, 198.51.100.0/24)')
      .option('--for <duration>', 'how long: 90s, 10m, 1h, 7d, 2w or permanent (default: the config\'s duration, with its ban increment)')
      .option('--blocker <name>', 'backend: simulate, nftables, iptables, ufw or command (default: the config\'s responder.backend)')
      .option('--dry-run', 'print the exact commands the backend would run (one per line) and change nothing'),
  )
    .addHelpText('after', blockExitCodes)
    .action(async (target: string, options) => {
      const { runBlock } = await import('./commands/block.js');
      process.exitCode = await runBlock(target, options, processIo());
    });

  blockStoreOptions(
    program
      .command('unblock')
      .description('lift a block placed by the console, watch, auto-block or block')
      .argument('<target>', 'the blocked IP address or CIDR range (lifted with the backend that placed it)')
      .option('--dry-run', 'print the exact commands the backend would run (one per line) and change nothing'),
  )
    .addHelpText('after', blockExitCodes)
    .action(async (target: string, options) => {
      const { runUnblock } = await import('./commands/block.js');
      process.exitCode = await runUnblock(target, options, processIo());
    });

  blockStoreOptions(
    program
      .command('blocks')
      .description('list the blocks in force: time left, backend, state')
      .option('--json', 'print a JSON array (with state and secondsLeft) instead of a table')
      .option('--all', 'include failed, expired and unblocked blocks (the history)'),
  ).action(async (options) => {
    const { runBlocks } = await import('./commands/blocks.js');
    process.exitCode = await runBlocks(options, processIo());
  });
  // ── end of block, unblock, blocks ──────────────────────────────────────────────────────────

  return program;
}

export async function main(argv: string[]): Promise<void> {
  // React's development build is several times slower and hungrier; the console must not pay for it.
  process.env.NODE_ENV ??= 'production';
  // `threatwatch-tui --help | head`: the reader went away; that ends the output, it is not an error
  // (each command's own stdout handling does the same: commands/io.ts).
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    // a command that handles its own output errors (the console: a closed terminal) takes the rest
    if (process.stdout.listenerCount('error') > 1) return;
    throw err;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are "errors" to commander; they already printed.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const code = exitCodeFor(err);
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`threatwatch-tui: ${message}\n`);
    if (code === 1 && (process.env.THREATWATCH_DEBUG || !(err instanceof Error))) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    process.exitCode = code;
  }
}

await main(process.argv);
