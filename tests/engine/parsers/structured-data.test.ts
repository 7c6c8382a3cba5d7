import { describe, expect, it } from 'vitest';
import { skipStructuredData } from '../../../src/engine/parsers/structured-data.js';

describe('skipStructuredData', () => {
  it('skips the NILVALUE', () => {
    expect(skipStructuredData('- msg', 0)).toBe(1);
  });

  it('skips elements whose values hold escaped quotes and brackets', () => {
    const sd = '[a x="1"][b@1 t="odd \\"q\\" \\] x" u="\\\\"]';
    expect(skipStructuredData(`${sd} MSG`, 0)).toBe(sd.length);
    expect(skipStructuredData(sd, 0)).toBe(sd.length);
  });

  it('rejects unterminated elements and values', () => {
    expect(skipStructuredData('[a x="1] MSG', 0)).toBe(-1);
    expect(skipStructuredData('[a x="1"', 0)).toBe(-1);
    expect(skipStructuredData('x', 0)).toBe(-1);
  });
});
