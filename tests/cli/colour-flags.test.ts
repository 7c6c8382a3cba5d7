import { describe, expect, it } from 'vitest';
import { withoutNoColourFlags } from '../../src/cli/colour-flags.js';

describe('withoutNoColourFlags', () => {
  it('removes the flags chalk reads, and leaves arguments after -- alone', () => {
    expect(withoutNoColourFlags(['node', 'cli.js', '--no-color', '--demo'])).toEqual(['node', 'cli.js', '--demo']);
    expect(withoutNoColourFlags(['node', 'cli.js', '--color=never', 'a.log', '--', '--no-color'])).toEqual(['node', 'cli.js', 'a.log', '--', '--no-color']);
  });
});
