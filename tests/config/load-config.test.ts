import { catalogue } from '../../src/catalogue.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, parseConfigText } from '../../src/config/load-config.js';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('defaults: 5 attempts in 60 s, simulate responder for 1 h, 5000 alerts kept', () => {
    const c = defaultConfig();
    expect(c.rules.bruteForce).toEqual({ enabled: true, severity: 'HIGH', threshold: 5, windowSeconds: 60 });
    expect(c).toMatchObject({ intel: [], allowlist: [], responder: { backend: 'simulate', durationSeconds: 3600 }, store: { maxAlerts: 5000 } });
  });

  it('has a section for every plugin in the catalogue, filled with its defaults', () => {
    const c = defaultConfig();
    for (const def of catalogue.rules) expect(c.rules[def.configKey]).toEqual(def.defaults);
    for (const def of catalogue.sources) expect(c.sources[def.configKey]).toEqual(def.defaults);
    for (const def of catalogue.sinks) expect(c.sinks[def.configKey]).toEqual(def.defaults);
    for (const def of catalogue.responders) expect(c.responders[def.configKey]).toEqual(def.defaults);
  });

  it('a rule can be switched off and its severity changed', () => {
    const c = parseConfigText('rules:\n  bruteForce:\n    enabled: false\n    severity: CRITICAL\n', 'c.yaml');
    expect(c.rules.bruteForce).toMatchObject({ enabled: false, severity: 'CRITICAL', threshold: 5 });
    const err = errorOf(() => parseConfigText('rules:\n  bruteForce:\n    severity: URGENT\n', 'c.yaml'));
    expect(err.issues).toEqual(['rules.bruteForce.severity: expected "LOW" or "MEDIUM" or "HIGH" or "CRITICAL", got "URGENT"']);
  });

  it.each([
    ['c.json', '{"bruteForce":{"threshold":3}}'],
    ['c.yaml', 'rules:\n  bruteForce:\n    threshold: 3\n'],
    ['c.yaml', 'bruteForce:\n  threshold: 3\n'],
    ['c.yml', 'bruteForce: {threshold: 3}\n'],
    ['threatwatch.conf', 'bruteForce:\n  threshold: 3\n'],
    ['threatwatch.conf', '{"bruteForce": {"threshold": 3}}'],
    ['threatwatch', 'bruteForce:\n  threshold: 3\n'],
  ])('reads %s and fills the rest with defaults', (file, text) => {
    const c = parseConfigText(text, file);
    expect(c.rules.bruteForce).toEqual({ enabled: true, severity: 'HIGH', threshold: 3, windowSeconds: 60 });
    expect(c.store.maxAlerts).toBe(5000);
  });

  it('console.mouse turns the console\'s mouse on (off by default); anything but true or false is refused', () => {
    expect(defaultConfig().console).toEqual({ mouse: false });
    expect(parseConfigText('console:\n  mouse: true\n', 'c.yaml').console.mouse).toBe(true);
    expect(errorOf(() => parseConfigText('console: {mouse: "yes"}\n', 'c.yaml')).issues).toEqual(['console.mouse: expected true or false, got "yes"']);
    expect(errorOf(() => parseConfigText('console: {wheel: 3}\n', 'c.yaml')).issues).toEqual(['console.wheel: unknown key']);
  });

  it('an empty file means all defaults', () => {
    expect(parseConfigText('', 'c.yaml')).toEqual(defaultConfig());
  });

  it('names the file and every bad key path with what was expected and what was given', () => {
    const text = [
      'bruteForce:',
      '  threshold: five',
      '  windowSeconds: 0',
      '  extra: 1',
      'timezone: Mars/Olympus',
      'allowlist: [192.0.2.1, not-an-ip, 10.0.0.0/8]',
      'responder:',
      '  backend: pf',
      '  durationSeconds: -1',
      'store: {maxAlerts: 2.5}',
      'colour: red',
      '',
    ].join('\n');
    const err = errorOf(() => parseConfigText(text, '/etc/threatwatch.yaml'));
    expect(err.message).toContain('/etc/threatwatch.yaml');
    expect(err.issues).toEqual(
      expect.arrayContaining([
        'bruteForce.threshold: expected an integer ≥ 1, got "five"',
        'bruteForce.windowSeconds: expected a number > 0, got 0',
        'bruteForce.extra: unknown key',
        'timezone: expected an IANA time zone such as UTC or Europe/Berlin, got "Mars/Olympus"',
        'allowlist.1: expected an IP address or CIDR network, got "not-an-ip"',
        'responder.backend: expected "simulate" or "nftables" or "iptables" or "ufw" or "command", got "pf"',
        'responder.durationSeconds: expected an integer ≥ 0 (0 = permanent), got -1',
        'store.maxAlerts: expected an integer ≥ 1, got 2.5',
        'colour: unknown key',
      ]),
    );
    expect(err.issues).toHaveLength(9);
  });

  it.each([
    ['c.json', '{"bruteForce": '],
    ['c.yaml', 'bruteForce: [\n'],
  ])('a syntax error in %s is a ConfigError naming the format', (file, text) => {
    const err = errorOf(() => parseConfigText(text, file));
    expect(err.message).toMatch(file.endsWith('json') ? /not valid JSON/ : /not valid YAML/);
  });

  it('a top-level list is rejected', () => {
    expect(errorOf(() => parseConfigText('[1, 2]', 'c.json')).issues[0]).toBe('(top level): expected a mapping of settings, got a list');
  });

  it('accepts a valid IANA zone', () => {
    expect(parseConfigText('timezone: Europe/Berlin', 'c.yaml').timezone).toBe('Europe/Berlin');
  });

  it('loadConfig resolves intel paths and dataDir against the config file directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-config-'));
    const file = join(dir, 'tw.yaml');
    writeFileSync(file, 'intel: [feeds/extra.csv, /abs/feed.txt]\ndataDir: state\n');
    const c = await loadConfig(file);
    expect(c.intel).toEqual([join(dir, 'feeds/extra.csv'), '/abs/feed.txt']);
    expect(c.dataDir).toBe(join(dir, 'state'));
  });

  it('a missing config file is a ConfigError naming it', async () => {
    await expect(loadConfig('/nonexistent/tw.yaml')).rejects.toThrow(/\/nonexistent\/tw\.yaml.*file not found/);
  });
});
