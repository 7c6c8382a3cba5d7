/**
 * What both live front ends (the console and `watch`) do before the pipeline runs: validated config,
 * parser and intel (`prepareDetection`), the data directory (the demo's own temporary one unless
 * `--data-dir` is given), the store opened as its one writer (or read-only), the responder from the
 * catalogue, the block guard, and the sources named on the command line. Then one runtime.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { catalogue } from '../catalogue.js';
import { UsageError } from '../cli/errors.js';
import { prepareDetection, type DetectionOptions } from './prepare-detection.js';
import type { Io } from '../commands/io.js';
import type { Responder } from '../plugins/responders/responder.js';
import { defaultActor, openAuditLog } from './audit-log.js';
import { createBlockGuard } from './block-guard.js';
import { createRuntime, type Runtime, type SinkSpec, type SourceSpec } from './runtime.js';
import { defaultDataDir, openStore, type AlertStore } from './store/alert-store.js';
import type { Config } from '../config/schema.js';

export interface LiveOptions extends DetectionOptions {
  files: string[];
  /** Read the systemd journal (SSH units and the kernel). */
  journal?: boolean;
  /** Syslog listeners (`udp://127.0.0.1:5514`, `tcp://0.0.0.0:6514`). */
  syslog?: string[];
  demo?: boolean;
  fromStart?: boolean;
  fromEnd?: boolean;
  dataDir?: string;
  readonly?: boolean;
  /** Responder backend for this run (`--blocker`), else the config's `responder.backend`. */
  blocker?: string;
  /** Print the commands a backend would run instead of running them. */
  dryRun?: boolean;
  /** POST new alerts to this URL (overrides `sinks.webhook.url`). */
  webhook?: string;
}

export interface OpenedRuntime {
  runtime: Runtime;
  store: AlertStore | null;
  /** The data directory in use (a temporary one for the demo). */
  dataDir: string;
  /** True when the demo writes into its own temporary data directory. */
  demoDataDir: boolean;
  /** The effective configuration (the config file over the defaults). */
  config: Config;
}

/** Source specs for the command line: files, `-` (stdin), the journal, syslog listeners, or the demo. */
export function sourceSpecs(opts: Pick<LiveOptions, 'files' | 'demo' | 'journal' | 'syslog'>): SourceSpec[] {
  if (opts.demo) return [{ plugin: 'demo', config: {}, key: 'demo' }];
  const specs: SourceSpec[] = [];
  if (opts.journal) specs.push({ plugin: 'journald', config: {}, key: 'journal' });
  if (opts.syslog !== undefined && opts.syslog.length > 0) specs.push({ plugin: 'syslog', config: { listen: opts.syslog }, key: `syslog:${opts.syslog.join(',')}` });
  return [...specs, ...opts.files.map((f) => {
    if (f === '-') {
      if (!catalogue.sources.some((s) => s.id === 'stdin')) throw new UsageError('reading a log from stdin (-) is not available in this build');
      return { plugin: 'stdin', config: {}, key: 'stdin' };
    }
    const path = resolve(f);
    return { plugin: 'file', config: { paths: [path] }, key: `file:${path}` };
  })];
}

export async function openRuntime(
  opts: LiveOptions,
  io: Io,
  front: { maxTrackedKeys: number; sinks?: SinkSpec[] },
): Promise<OpenedRuntime> {
  if (opts.fromStart && opts.fromEnd) throw new UsageError('--from-start and --from-end exclude each other');
  const det = await prepareDetection(opts, io, Date.now());
  const demoDataDir = opts.demo === true && opts.dataDir === undefined;
  const dataDir = demoDataDir ? mkdtempSync(join(tmpdir(), 'threatwatch-demo-data-')) : (opts.dataDir ?? det.config.dataDir ?? defaultDataDir(io.env));
  const readonly = opts.readonly === true;
  const warnings = [...det.warnings];
  const store = await openStore(dataDir, {
    mode: readonly ? 'readonly' : 'writer',
    maxAlerts: det.config.store.maxAlerts,
    // The runtime writes alerts and checkpoints together on its own cadence.
    debounceMs: 24 * 3600_000,
  });
  const backendId = opts.blocker ?? det.config.responder.backend;
  const makeResponder = (id: string): Responder => {
    const def = catalogue.responders.find((r) => r.id === id);
    if (def === undefined) throw new UsageError(`unknown blocker "${id}" (one of: ${catalogue.responders.map((r) => r.id).join(', ')})`);
    const section = (det.config.responders as Record<string, unknown>)[def.configKey] as object | undefined;
    return def.create({ ...def.defaults, ...section }, { dryRun: opts.dryRun === true, log: (l) => io.stderr.write(`${l}\n`), now: Date.now });
  };
  const responder = makeResponder(backendId);
  // Stored blocks placed with another backend can still be lifted with it.
  const otherIds = new Set((store?.blocks ?? []).map((b) => b.backend).filter((b) => b !== backendId && catalogue.responders.some((r) => r.id === b)));
  const otherResponders = [...otherIds].map(makeResponder);
  const guard = createBlockGuard({ allowlist: det.config.allowlist, env: io.env });
  const audit = readonly ? null : await openAuditLog(dataDir).catch((err: unknown) => {
    warnings.push(`audit log unavailable: ${(err as Error).message}`);
    return null;
  });
  if (demoDataDir) warnings.push(`demo: alerts and blocks are kept in a temporary data directory (${dataDir}), not in your store; --data-dir DIR keeps them`);
  // Notifications: only the one writer sends (a read-only viewer would duplicate them), and the demo
  // only to a webhook named on the command line.
  const sinkCfg = det.config.sinks as { webhook: { url: string | null }; mail: { to: string[] } };
  const notify: SinkSpec[] = [];
  if (opts.webhook !== undefined) notify.push({ plugin: 'webhook', config: { url: opts.webhook } });
  else if (sinkCfg.webhook.url !== null && !opts.demo) notify.push({ plugin: 'webhook' });
  if (sinkCfg.mail.to.length > 0 && !opts.demo) notify.push({ plugin: 'mail' });
  const runtime = createRuntime({
    config: det.config,
    parse: det.parse,
    intel: det.intel,
    sources: sourceSpecs(opts),
    intelFiles: det.feedPaths,
    sinks: [...(front.sinks ?? []), ...(readonly ? [] : notify)],
    store,
    responder,
    otherResponders,
    guard,
    audit,
    actor: defaultActor(io.env),
    increment: det.config.responder.increment,
    position: opts.fromStart ? 'start' : opts.fromEnd ? 'end' : 'auto',
    maxTrackedKeys: front.maxTrackedKeys,
    readonly,
    stdout: io.stdout,
    warnings,
  });
  return { runtime, store, dataDir, demoDataDir, config: det.config };
}
