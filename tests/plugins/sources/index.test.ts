import { describe, expect, it } from 'vitest';
import { sources } from '../../../src/plugins/sources/index.js';

describe('sources', () => {
  it('lists every source once, each a source plugin whose defaults come from its schema', () => {
    expect(sources.map((s) => s.id)).toEqual(['file', 'journald', 'syslog', 'stdin', 'demo']);
    for (const s of sources) {
      expect(s.kind).toBe('source');
      expect(s.configKey).toBe(s.id); // its section is `sources.<id>` in the config file
      expect(s.description.length).toBeGreaterThan(10);
      expect(s.schema.parse({})).toEqual(s.defaults);
      expect(Object.isFrozen(s)).toBe(true);
    }
  });
});
