/**
 * Every detection rule, in one list: adding a rule is one file plus one line here. The config
 * file's `rules` section, its defaults and the `config` command's output come from these
 * definitions (see `src/catalogue.ts`).
 */
import { bruteForceRule } from './brute-force.js';
import { distributedBruteForceRule } from './distributed-brute-force.js';
import { loginAfterFailuresRule } from './login-after-failures.js';
import { passwordSprayRule } from './password-spray.js';
import { portScanRule } from './port-scan.js';
import { repeatOffenderRule } from './repeat-offender.js';
import { slowBruteForceRule } from './slow-brute-force.js';
import { trafficSpikeRule } from './traffic-spike.js';
import type { BaseRuleConfig, Rule, RuleCreateContext, RuleDefinition } from './rule.js';

export { bruteForceRule, BRUTE_FORCE, createBruteForce, type BruteForceConfig } from './brute-force.js';
export { portScanRule, PORT_SCAN, SPOOFABLE, createPortScan, type PortScanConfig } from './port-scan.js';
export { passwordSprayRule, PASSWORD_SPRAY, createPasswordSpray, type PasswordSprayConfig } from './password-spray.js';
export { loginAfterFailuresRule, LOGIN_AFTER_FAILURES, createLoginAfterFailures, type LoginAfterFailuresConfig } from './login-after-failures.js';
export { slowBruteForceRule, SLOW_BRUTE_FORCE, createSlowBruteForce, type SlowBruteForceConfig } from './slow-brute-force.js';
export { distributedBruteForceRule, DISTRIBUTED_BRUTE_FORCE, createDistributedBruteForce, type DistributedBruteForceConfig } from './distributed-brute-force.js';
export { repeatOffenderRule, REPEAT_OFFENDER, createRepeatOffender, type RepeatOffenderConfig } from './repeat-offender.js';
export { trafficSpikeRule, TRAFFIC_SPIKE, createTrafficSpike, type TrafficSpikeConfig } from './traffic-spike.js';
export * from './rule.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule has its own config type
export const ruleDefinitions: readonly RuleDefinition<any>[] = [
  bruteForceRule,
  portScanRule,
  trafficSpikeRule,
  passwordSprayRule,
  loginAfterFailuresRule,
  slowBruteForceRule,
  distributedBruteForceRule,
  repeatOffenderRule,
];

/** Rule config sections by `configKey` (validated by the config schema); a missing one means the rule's defaults. */
export type RulesConfig = Record<string, unknown>;

/** The enabled rules, created from their config sections. */
export function createRules(config: RulesConfig = {}, ctx: RuleCreateContext = { maxTrackedKeys: 100_000 }): Rule[] {
  const out: Rule[] = [];
  for (const def of ruleDefinitions) {
    const cfg = { ...def.defaults, ...((config[def.configKey] as object | undefined) ?? {}) } as BaseRuleConfig;
    if (cfg.enabled) out.push(def.create(cfg, ctx));
  }
  return out;
}
