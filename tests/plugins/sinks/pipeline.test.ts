// The notification sinks inside the real runtime: log lines in, a BRUTE_FORCE alert raised by the
// engine, the webhook (real server on 127.0.0.1) and the mail sink (fake sendmail) fed through the
// runtime's fan-out, their config taken from the config file's `sinks` section or from a sink spec
// (what a `--webhook URL` flag would pass), and `stop()` delivering what is queued.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load-config.js';
import { emptyIntelIndex } from '../../../src/engine/enrichment/intel-index.js';
import type { RawLine } from '../../../src/engine/model/event.js';
import { createLineParser } from '../../../src/engine/parsers/index.js';
import { createSimulatedResponder } from '../../../src/plugins/responders/simulate.js';
import { createBlockGuard } from '../../../src/runtime/block-guard.js';
import { createRuntime, type SinkSpec } from '../../../src/runtime/runtime.js';
import { createFakeBin, type FakeBin } from '../responders/fake-bin.js';
import { startReceiver, type HttpReceiver } from './http-receiver.js';

const T0 = Date.parse('2026-11-22T10:00:00Z');
function attack(ip: string, n: number): RawLine[] {
  return Array.from({ length: n }, (_, i) => ({
    text: `${new Date(T0 + i * 1000).toISOString().replace('Z', '000+00:00')} web-01 sshd[${100 + i}]: Failed password for root from ${ip} port ${40000 + i} ssh2`,
    file: 'auth.log',
    line: i + 1,
  }));
}

let rx: HttpReceiver;
let bin: FakeBin;
beforeEach(async () => {
  rx = await startReceiver();
  bin = createFakeBin();
  bin.add('sendmail', `fs.appendFileSync(path.join(dir, 'messages.log'), JSON.stringify(fs.readFileSync(0, 'utf8')) + '\\n');`);
});
afterEach(async () => {
  await rx.close();
  bin.restore();
});

function runtimeWith(sinks: SinkSpec[], edit: (c: ReturnType<typeof defaultConfig>) => void = () => undefined) {
  const config = defaultConfig();
  edit(config);
  return createRuntime({
    config,
    parse: createLineParser({ now: T0 + 3600_000 }),
    intel: emptyIntelIndex(),
    sources: [],
    sinks,
    store: null,
    responder: createSimulatedResponder({}),
    guard: createBlockGuard({ allowlist: [], env: {}, interfaces: () => ({}) }),
    position: 'auto',
    stdout: new PassThrough(),
  });
}

describe('notification sinks in the runtime', () => {
  it('config file sections: one webhook POST and one mail for a new alert, delivered by stop()', async () => {
    const runtime = runtimeWith([{ plugin: 'webhook' }, { plugin: 'mail' }], (c) => {
      const sinks = c.sinks as Record<string, Record<string, unknown>>;
      sinks.webhook = { ...sinks.webhook, url: `${rx.url}/hook`, format: 'slack' };
      sinks.mail = { ...sinks.mail, to: ['analyst@localhost'] };
    });
    await runtime.start();
    runtime.engine.ingest(attack('203.0.113.77', 12));
    await runtime.stop();
    expect(rx.requests).toHaveLength(1);
    expect((JSON.parse(rx.requests[0]!.body) as { text: string }).text).toMatch(/^\*HIGH\* BRUTE_FORCE 203\.0\.113\.77\n/);
    const log = join(bin.dir, 'messages.log');
    expect(existsSync(log)).toBe(true);
    const mails = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain('Subject: [threatwatch] HIGH BRUTE_FORCE 203.0.113.77\n');
    expect(mails[0]).toContain('  threatwatch-tui block 203.0.113.77\n');
    expect(runtime.diagnostics.list().filter((d) => d.kind === 'sink')).toEqual([]);
  });

  it('a sink spec carries the URL alone (what `--webhook URL` passes); the rest are defaults', async () => {
    const runtime = runtimeWith([{ plugin: 'webhook', config: { url: rx.url } }]);
    await runtime.start();
    runtime.engine.ingest(attack('203.0.113.78', 12));
    await runtime.stop();
    expect(rx.requests).toHaveLength(1);
    expect(JSON.parse(rx.requests[0]!.body)).toMatchObject({ version: 1, change: 'raised', alert: { rule: 'BRUTE_FORCE', ip: '203.0.113.78' } });
  });

  it('a bad URL from the command line is a ConfigError naming the key', () => {
    expect(() => runtimeWith([{ plugin: 'webhook', config: { url: 'file:///etc/passwd' } }])).toThrow(expect.objectContaining({ name: 'ConfigError', message: expect.stringContaining('sinks.webhook.url') }));
  });
});
