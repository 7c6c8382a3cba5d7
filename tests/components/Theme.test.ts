import { describe, expect, it } from 'vitest';
import { createTheme, themeFromEnv } from '../../src/theme/theme.js';

describe('the light theme', () => {
  it('is chosen by THREATWATCH_THEME (what --theme sets), else by the COLORFGBG background', () => {
    expect(themeFromEnv({})).toBe('dark');
    expect(themeFromEnv({ THREATWATCH_THEME: 'light' })).toBe('light');
    expect(themeFromEnv({ THREATWATCH_THEME: 'dark', COLORFGBG: '0;15' })).toBe('dark');
    expect(themeFromEnv({ COLORFGBG: '0;15' })).toBe('light');
    expect(themeFromEnv({ COLORFGBG: '0;default;15' })).toBe('light');
    expect(themeFromEnv({ COLORFGBG: '15;0' })).toBe('dark');
    expect(themeFromEnv({ COLORFGBG: '7;8' })).toBe('dark');
    expect(themeFromEnv({ COLORFGBG: '0;7' })).toBe('light');
    expect(themeFromEnv({ COLORFGBG: 'garbage' })).toBe('dark');
  });

  it('uses no bright white, bright cyan or bright yellow text, and `new` is readable on both', () => {
    const light = createTheme(false, 'light');
    const colours = JSON.stringify(light);
    for (const c of ['whiteBright', 'cyanBright', 'yellowBright', '"white"']) expect(colours).not.toContain(c);
    expect(light.status.new).toEqual({ bold: true }); // the terminal's own foreground
    expect(createTheme(false, 'dark').status.new.color).toBe('whiteBright');
    expect(createTheme(true, 'light').noColor).toBe(true);
  });
});
