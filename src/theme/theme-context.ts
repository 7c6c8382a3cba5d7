import { createContext } from 'react';
import { createTheme, type Theme } from './theme.js';

/** The active theme; colours by default. */
export const ThemeContext = createContext<Theme>(createTheme(false));
