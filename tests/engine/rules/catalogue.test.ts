// Every rule in the catalogue: its config section with defaults, strict validation, and the switch.
import { describe, expect, it } from 'vitest';
import { createRules, ruleDefinitions } from '../../../src/engine/rules/index.js';

const DEFAULTS: Record<string, Record<string, unknown>> = {
  BRUTE_FORCE: { enabled: true, severity: 'HIGH', threshold: 5, windowSeconds: 60 },
  PORT_SCAN: { enabled: true, severity: 'MEDIUM', distinctPorts: 10, windowSeconds: 60 },
  TRAFFIC_SPIKE: { enabled: true, severity: 'LOW', thresholdBytes: 1_000_000, sigmas: 4, warmupMinutes: 30, halfLifeMinutes: 60, minBytes: 10_000, settleSeconds: 60 },
  PASSWORD_SPRAY: { enabled: true, severity: 'HIGH', distinctUsers: 10, windowSeconds: 600 },
  LOGIN_AFTER_FAILURES: { enabled: true, severity: 'CRITICAL', failures: 5, windowSeconds: 600 },
  SLOW_BRUTE_FORCE: { enabled: true, severity: 'MEDIUM', attempts: 20, windowSeconds: 3600, fastThreshold: 5, fastWindowSeconds: 60 },
  DISTRIBUTED_BRUTE_FORCE: { enabled: true, severity: 'HIGH', distinctIps: 20, windowSeconds: 300 },
  REPEAT_OFFENDER: { enabled: true, severity: 'HIGH', priorAlerts: 3, windowSeconds: 86_400 },
};

describe('the rule catalogue', () => {
  it('lists every rule once, with its defaults in its schema', () => {
    expect(ruleDefinitions.map((d) => d.id)).toEqual(Object.keys(DEFAULTS));
    for (const d of ruleDefinitions) expect(d.defaults, d.id).toEqual(DEFAULTS[d.id]);
    expect(new Set(ruleDefinitions.map((d) => d.configKey)).size).toBe(ruleDefinitions.length);
  });

  it.each(ruleDefinitions.map((d) => [d.id, d] as const))('%s can be switched off, rejects unknown keys and bad values', (id, d) => {
    const ids = createRules({ [d.configKey]: { enabled: false } }).map((r) => r.id);
    expect(ids).not.toContain(id);
    expect(ids).toHaveLength(ruleDefinitions.length - 1);
    expect(d.schema.safeParse({ bogus: 1 }).success).toBe(false);
    expect(d.schema.safeParse({ severity: 'SEVERE' }).success).toBe(false);
    expect(d.schema.safeParse({ windowSeconds: 0 }).success).toBe(false);
    const rule = createRules({ [d.configKey]: { severity: 'LOW' } }).find((r) => r.id === id)!;
    expect(rule.severity).toBe('LOW');
  });

  it('every rule has a title, a description and a subject kind', () => {
    for (const r of createRules()) {
      expect(r.title.length).toBeGreaterThan(3);
      expect(['ip', 'user', 'host', 'ip_user']).toContain(r.subjectKind);
      expect(r.quietMs).toBeGreaterThan(0);
    }
    for (const d of ruleDefinitions) expect(d.description.length).toBeGreaterThan(20);
  });
});
