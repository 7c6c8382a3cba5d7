import { describe, expect, it } from 'vitest';
import { plainDefaultConfig } from '../../src/config/defaults.js';
import { defaultConfig } from '../../src/config/load-config.js';

describe('plain default config', () => {
  it('is exactly what the schema produces for an empty config file', () => {
    expect(plainDefaultConfig()).toEqual(defaultConfig());
  });
});
