// One contract per plugin kind, checked against every plugin the catalogue registers: a new rule,
// source, parser, sink or responder gets these checks by being listed, with no test of its own needed
// to keep the contract.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../src/catalogue.js';
import { defaultConfig } from '../src/config/schema.js';
import type { SecurityEvent } from '../src/engine/model/event.js';
import type { SourceContext } from '../src/plugins/sources/source.js';
import { makeAlert, makeEvent, T0 } from './helpers/factories.js';

const kinds = ['sources', 'parsers', 'rules', 'sinks', 'responders'] as const;
const kindOf = { sources: 'source', parsers: 'parser', rules: 'rule', sinks: 'sink', responders: 'responder' } as const;

describe('catalogue: every plugin keeps its kind’s contract', () => {
  for (const list of kinds) {
    const defs = catalogue[list] as readonly { kind: string; id: string; configKey: string; description: string; schema: { parse(v: unknown): unknown; safeParse(v: unknown): { success: boolean } }; defaults: unknown }[];

    it(`${list}: ids and config keys are unique, descriptions present, defaults come from the schema`, () => {
      expect(defs.length).toBeGreaterThan(0);
      expect(new Set(defs.map((d) => d.id)).size).toBe(defs.length);
      expect(new Set(defs.map((d) => d.configKey)).size).toBe(defs.length);
      for (const d of defs) {
        expect(d.kind, d.id).toBe(kindOf[list]);
        expect(d.description.length, d.id).toBeGreaterThan(10);
        expect(d.schema.parse({}), d.id).toEqual(d.defaults);
        expect(d.schema.safeParse({ surelyNotAKey: 1 }).success, `${d.id} rejects unknown keys`).toBe(false);
      }
    });
  }

  it('the config file has a section per plugin holding exactly its defaults', () => {
    const c = defaultConfig() as unknown as Record<string, Record<string, unknown>>;
    const sectionOf = { sources: 'sources', parsers: 'parsers', rules: 'rules', sinks: 'sinks', responders: 'responders' } as const;
    for (const list of kinds) for (const d of catalogue[list]) expect(c[sectionOf[list]]![d.configKey], d.id).toEqual(d.defaults);
  });

  it.each(catalogue.rules.map((d) => [d.id, d] as const))('rule %s: created from its defaults, reads events without throwing, writes a summary', (_id, def) => {
    const rule = def.create(def.defaults, { maxTrackedKeys: 100 });
    expect(rule.id).toBe(def.id);
    expect(rule.quietMs).toBeGreaterThan(0);
    const opened: string[] = [];
    const ctx = { grow: () => false, isOpen: () => false, open: (s: { value: string }) => void opened.push(s.value) };
    const weird: Partial<SecurityEvent>[] = [{}, { ip: null }, { user: null, host: null }, { time: Number.NaN, raw: 'x' }, { count: 0 }, { type: 'auth_success' }, { type: 'firewall_block', dport: 22 }, { type: 'flow', bytes: 10 }];
    for (let i = 0; i < 50; i++) for (const w of weird) rule.onEvent(makeEvent({ time: T0 + i * 1000, ...w }), ctx);
    rule.sweep(T0 + 3600_000);
    rule.finish();
    const summary = rule.summarize({ subject: { kind: rule.subjectKind, value: '203.0.113.45', ip: '203.0.113.45' }, count: 7, firstSeen: T0, lastSeen: T0 + 5000, users: ['root'], usersTruncated: false, hosts: ['web-01'], sshOnly: true, facts: {} });
    expect(typeof summary).toBe('string');
    expect(summary.length).toBeGreaterThan(5);
  });

  it.each(catalogue.parsers.map((d) => [d.id, d] as const))('parser %s: never throws, whatever the bytes', (_id, def) => {
    const parse = def.create(def.defaults, { now: T0 });
    for (const text of ['', '\u0000\u0000', 'x'.repeat(70_000), '<13>1 - - - - - -', '{"MESSAGE":[1,2]}', 'Jan 99 99:99:99 h sshd[1]: Failed password for', '\ud800\udfff garbage']) {
      const r = parse({ text, file: 't', line: 1 });
      expect(['matched', 'ignored', 'unmatched', 'unknown']).toContain(r.status);
    }
  });

  it.each(catalogue.sinks.map((d) => [d.id, d] as const))('sink %s: takes alert changes and events, flushes and closes', async (_id, def) => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (d: Buffer) => (written += d.toString()));
    const sink = def.create(def.defaults, { stdout: out, diagnostic: () => undefined, now: () => 0 });
    const alert = makeAlert();
    for (const change of ['raised', 'updated', 'updated', 'closed'] as const) sink.onAlert?.(alert, change);
    sink.onEvent?.(makeEvent());
    await sink.flush();
    await sink.close();
    // The stdout sinks write; notification sinks are off (and silent) until configured.
    if (def.id.startsWith('ndjson-')) expect(written.length).toBeGreaterThan(0);
    for (const line of written.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it.each(catalogue.responders.map((d) => [d.id, d] as const))('responder %s: named after its id, says whether it can work here, refuses non-addresses', async (_id, def) => {
    const r = def.create(def.defaults, { dryRun: true, log: () => undefined, now: () => T0 });
    expect(r.name).toBe(def.id);
    const check = await r.check();
    expect(typeof check.ok).toBe('boolean');
    expect(check.message.length).toBeGreaterThan(0);
    const refused = await r.block('1.2.3.4; rm -rf /', 60);
    expect(refused.ok).toBe(false);
  });

  it.each(catalogue.sources.filter((d) => d.id !== 'stdin').map((d) => [d.id, d] as const))('source %s: created from its defaults, reports a state, closes', async (_id, def) => {
    const states: string[] = [];
    const ctx: SourceContext = {
      emit: () => undefined,
      status: (s) => void states.push(s.state),
      diagnostic: () => undefined,
      checkpoint: () => null,
      saveCheckpoint: () => undefined,
      position: 'end',
      now: () => Date.now(),
    };
    const handle = def.create(def.defaults, ctx);
    expect(['tailing', 'waiting', 'denied', 'error', 'done']).toContain(handle.status.state);
    await handle.close();
  });
});
