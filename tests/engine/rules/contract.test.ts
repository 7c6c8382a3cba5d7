// The rule contract's additions, through the engine: per-incident severity and flags at open,
// the alert hook (`onAlertRaised`) and the end-of-input hook (`drain`).
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/engine/engine.js';
import type { Alert } from '../../../src/engine/model/alert.js';
import { ipSubject } from '../../../src/engine/model/subject.js';
import type { LineParser } from '../../../src/engine/parsers/types.js';
import type { IncidentView, Rule, RuleContext } from '../../../src/engine/rules/rule.js';
import type { SecurityEvent } from '../../../src/engine/model/event.js';
import { makeEvent, T0 } from '../../helpers/factories.js';

const noParse: LineParser = () => ({ status: 'unknown', program: null, events: [], truncated: false });

/** A rule that opens an incident for every event's IP, with the given open options. */
function opener(id: string, options?: Parameters<RuleContext['open']>[3]): Rule {
  return {
    id,
    title: id,
    severity: 'LOW',
    subjectKind: 'ip',
    quietMs: 60_000,
    trackedKeys: 0,
    onEvent(e: SecurityEvent, ctx: RuleContext) {
      if (e.ip !== null && !ctx.isOpen(e.ip)) ctx.open(ipSubject(e.ip), [{ time: e.time, count: 1, payload: e }], { seen: 1 }, options);
      return 0;
    },
    sweep() {},
    finish() {},
    summarize: (d: IncidentView) => `${d.subject.value}`,
  };
}

describe('open options', () => {
  it('set the incident severity (before intel) and add flags', () => {
    const engine = createEngine({ parse: noParse, rules: [opener('A', { severity: 'MEDIUM', flags: ['SPOOFABLE'] }), opener('B')] });
    const raised: Alert[] = [];
    engine.onAlert((a, c) => c === 'raised' && raised.push(a));
    engine.ingestEvents([makeEvent({ time: T0 })]);
    expect(raised.map((a) => [a.rule, a.severity, a.flags])).toEqual([
      ['A', 'MEDIUM', ['SPOOFABLE']],
      ['B', 'LOW', []],
    ]);
    expect(raised[0]!.facts).toEqual({ seen: 1 });
  });
});

describe('onAlertRaised', () => {
  it('hands every raised alert to the watching rules in raise order, its own included, never nested', () => {
    const seen: string[] = [];
    let depth = 0;
    const watcher: Rule = {
      ...opener('W'),
      onEvent: () => 0,
      onAlertRaised(alert: Alert, ctx: RuleContext) {
        depth++;
        expect(depth).toBe(1);
        seen.push(`${alert.rule}:${alert.ip}`);
        // Raise one of its own for the first alert it sees (delivered after this call returns).
        if (alert.rule !== 'W' && !ctx.isOpen('x')) ctx.open({ kind: 'ip', value: 'x', ip: '192.0.2.99' }, [{ time: T0, count: 1, payload: makeEvent({ time: T0 }) }]);
        depth--;
      },
    };
    const engine = createEngine({ parse: noParse, rules: [opener('A'), opener('B'), watcher] });
    engine.ingestEvents([makeEvent({ time: T0, ip: '203.0.113.1' })]);
    expect(seen).toEqual(['A:203.0.113.1', 'W:192.0.2.99', 'B:203.0.113.1']);
  });
});

describe('drain', () => {
  it('runs at finish, before the tracker closes the incidents, so what it raises is reported', () => {
    const order: string[] = [];
    const pending: Rule = {
      ...opener('P'),
      onEvent: () => 0,
      drain(ctx: RuleContext) {
        order.push('drain');
        ctx.open(ipSubject('203.0.113.7'), [{ time: T0, count: 1, payload: makeEvent({ time: T0, ip: '203.0.113.7' }) }]);
      },
      finish() {
        order.push('finish');
      },
    };
    const engine = createEngine({ parse: noParse, rules: [pending] });
    engine.onAlert((a, c) => order.push(`${c} ${a.ip}`));
    engine.finish();
    expect(order).toEqual(['drain', 'raised 203.0.113.7', 'closed 203.0.113.7', 'finish']);
  });
});

describe('sweep', () => {
  it('gets the rule context and runs before quiet incidents close, so what it reports still grows them', () => {
    const order: string[] = [];
    const rule: Rule = {
      ...opener('S'),
      sweep(now: number, ctx?: RuleContext) {
        // At 60 s the incident opened at 0 s is due to close; a record judged now from 59.999 s keeps it.
        if (ctx !== undefined && now === T0 + 60_000) order.push(`grow ${ctx.grow('203.0.113.8', makeEvent({ time: now - 1, ip: '203.0.113.8' }), 1)}`);
      },
    };
    const engine = createEngine({ parse: noParse, rules: [rule] });
    engine.onAlert((a, c) => c !== 'updated' && order.push(`${c} ${a.count}`));
    engine.ingestEvents([makeEvent({ time: T0, ip: '203.0.113.8' }), makeEvent({ time: T0 + 60_000, ip: null })]);
    expect(order).toEqual(['raised 1', 'grow true']);
    engine.ingestEvents([makeEvent({ time: T0 + 119_999, ip: null }), makeEvent({ time: T0 + 120_000, ip: null })]);
    expect(order).toEqual(['raised 1', 'grow true', 'closed 2']);
  });
});
