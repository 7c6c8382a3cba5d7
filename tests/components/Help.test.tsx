// Issue 12, bug 4: the help keeps each heading with its keys, and scrolls with a "more" line when it
// is taller than the screen, instead of cutting the legend without saying so.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render.js';
import { helpEntries, helpSections } from '../../src/keys/keymap.js';
import { helpLayout, LEGEND, LEGEND_TITLE } from '../../src/components/help-layout.js';

afterEach(() => cleanup());

/** Opens the help, then pages down to the end; every line seen on the way. */
async function readWholeHelp(size: { columns: number; rows: number }): Promise<{ first: string; seen: string }> {
  const r = renderApp({ size });
  await r.waitFor('? help');
  const first = await r.pressAndWait('?', 'any other key closes');
  let seen = first;
  let frame = first;
  for (let i = 0; i < 40 && /↓ \d+ more lines/.test(frame); i++) {
    const before = frame;
    frame = await r.pressAndWait('\u001B[6~', (f) => f !== before); // PgDn
    seen += '\n' + frame;
  }
  expect(frame).not.toMatch(/↓ \d+ more lines/);
  return { first, seen };
}

describe('help overlay', () => {
  it('at 80×24 says there is more, and scrolls down to the last word of the legend', async () => {
    const { first, seen } = await readWholeHelp({ columns: 80, rows: 24 });
    expect(first).toMatch(/↓ \d+ more lines \(↓ j PgDn\)/);
    // labels longer than the column wrap: their first words are on the key's line
    for (const e of helpEntries()) expect(seen).toContain(e.label.slice(0, 24));
    for (const l of LEGEND) expect(seen).toContain(l.meaning.slice(0, 24));
    expect(seen).toContain(LEGEND_TITLE);
    expect(first.split('\n').length).toBeLessThanOrEqual(23);
  });

  it('at 120×40 shows every heading above its keys in the same column, the rest a page down', async () => {
    const { first, seen } = await readWholeHelp({ columns: 120, rows: 40 });
    expect(first.split('\n').filter((l) => /Views and the console|Alert list \(1\)/.test(l)).length).toBeGreaterThan(0);
    for (const s of helpSections()) expect(seen).toContain(s.title);
    for (const l of LEGEND) expect(seen).toContain(l.meaning.slice(0, 24));
    for (const [w, h] of [[116, 32], [116, 20], [76, 18], [160, 50]] as const) {
      const layout = helpLayout(w, h);
      for (const col of layout.columns) {
        col.forEach((line, i) => {
          if (line.kind === 'title') expect(col[i + 1]?.kind, `${line.text} at ${w}×${h}`).toBe('key');
        });
      }
      // every section is whole: its entries all follow its title in one column
      for (const s of helpSections()) {
        const col = layout.columns.find((c) => c.some((l) => l.kind === 'title' && l.text === s.title));
        const at = col?.findIndex((l) => l.kind === 'title' && l.text === s.title) ?? -1;
        expect(col?.slice(at + 1, at + 1 + s.entries.length).every((l) => l.kind === 'key')).toBe(true);
      }
    }
  });

  it('any key other than the scroll keys closes it', async () => {
    const r = renderApp({ size: { columns: 80, rows: 24 } });
    await r.waitFor('? help');
    await r.pressAndWait('?', 'any other key closes');
    await r.pressAndWait('j', (f) => /↑ \d+ more/.test(f));
    const closed = await r.pressAndWait('x', 'Live events');
    expect(closed).not.toContain('any other key closes');
  });
});
