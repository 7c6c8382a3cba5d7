import { describe, expect, it } from 'vitest';
import { bar, percent, sparkline } from '../../../src/components/format/sparkline.js';

describe('sparkline', () => {
  it('scales to the maximum: zero is the lowest tick, the peak the full block', () => {
    expect(sparkline([0, 1, 2, 4, 8], 5)).toBe('▁▂▃▅█');
  });
  it('shows only the newest values that fit, right-aligned', () => {
    expect(sparkline([8, 0, 0, 8], 2)).toBe('▁█');
    expect(sparkline([3], 4)).toBe('   █');
    expect(sparkline([0, 0], 2)).toBe('▁▁');
  });
  it('draws bars and percentages', () => {
    expect(bar(0.5, 4)).toBe('██░░');
    expect(bar(0.01, 4)).toBe('█░░░');
    expect(bar(0, 3)).toBe('░░░');
    expect(percent(0.666)).toBe('67%');
  });
});
