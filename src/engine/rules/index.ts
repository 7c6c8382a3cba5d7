import { bruteForceRule, type BruteForceConfig } from './brute-force.js';
import type { Rule } from './rule.js';

export { bruteForceRule, BRUTE_FORCE, type BruteForceConfig } from './brute-force.js';
export { defineRule, type Rule, type RuleDefinition, type IncidentSink, type CountedEvent, type AttemptRecord } from './rule.js';

export interface RulesConfig {
  bruteForce: BruteForceConfig;
}

/** The default rule set, in one list. */
export function createDefaultRules(config: RulesConfig): Rule[] {
  return [bruteForceRule.create(config.bruteForce)];
}
