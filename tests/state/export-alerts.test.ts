import { describe, expect, it } from 'vitest';
import { alertsToCsv, alertsToJson, csvCell, defaultExportName, formatOfPath } from '../../src/state/export-alerts.js';
import { makeAlert } from '../helpers/fake-console.js';

describe('exporting alerts', () => {
  it('chooses CSV for .csv and JSON otherwise; the default name is stamped', () => {
    expect(formatOfPath('/tmp/x.CSV')).toBe('csv');
    expect(formatOfPath('alerts.json')).toBe('json');
    expect(formatOfPath('alerts')).toBe('json');
    expect(defaultExportName(new Date(2024, 2, 10, 9, 5, 7).getTime())).toBe('threatwatch-alerts-20240310-090507.json');
  });

  it('quotes CSV cells and defuses spreadsheet formulas in attacker text', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(42)).toBe('42');
  });

  it('writes one CSV row per alert with the status shown, and JSON with every field', () => {
    const a = makeAlert({ ip: '203.0.113.5', users: ['root', '=cmd'], status: 'new' });
    const b = makeAlert({ ip: '198.51.100.2', status: 'acknowledged' });
    const csv = alertsToCsv([a, b], new Set(['203.0.113.5']));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,rule,severity,status,ip,firstSeen,lastSeen,count,users,hosts,intel,flags,summary');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',blocked,203.0.113.5,');
    expect(lines[1]).toContain(',root =cmd,'); // not at the start of the cell: no formula, kept as is
    expect(lines[2]).toContain(',acknowledged,198.51.100.2,');
    const json = JSON.parse(alertsToJson([a, b], new Set())) as Array<{ id: string; shownStatus: string; evidence: unknown[] }>;
    expect(json.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(json[1]?.shownStatus).toBe('acknowledged');
    expect(json[0]?.evidence).toHaveLength(1);
  });
});
