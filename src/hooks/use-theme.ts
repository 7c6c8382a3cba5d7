import { useContext } from 'react';
import { ThemeContext } from '../theme/theme-context.js';
import type { Theme } from '../theme/theme.js';

/** The theme provided by `App` (colours, or none with noColor). */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
