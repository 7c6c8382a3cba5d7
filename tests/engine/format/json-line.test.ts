import { describe, expect, it } from 'vitest';
import { jsonLine } from '../../../src/engine/format/json-line.js';

describe('jsonLine (NDJSON output)', () => {
  it('writes invisible and direction-changing characters as \\u escapes, the same JSON value', () => {
    const user = 'a\u202eb\u200bc\u2066d\u2060e\u00adf\u061cg\u115fh\u180ei\u3164j\ufeffk\u2028l';
    const line = jsonLine({ user });
    expect(line).toBe('{"user":"a\\u202eb\\u200bc\\u2066d\\u2060e\\u00adf\\u061cg\\u115fh\\u180ei\\u3164j\\ufeffk\\u2028l"}\n');
    expect(line).not.toMatch(/[\u00ad\u061c\u115f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\u2028]/);
    expect(JSON.parse(line)).toEqual({ user });
  });

  it('leaves plain text as JSON.stringify writes it', () => {
    expect(jsonLine({ a: 'Grüße 東京', n: 1 })).toBe('{"a":"Grüße 東京","n":1}\n');
  });
});
