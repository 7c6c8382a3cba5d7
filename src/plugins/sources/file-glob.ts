/**
 * File-name globs (`/var/log/auth.log*`, `/var/log/*.log`): `*`, `?` and `[...]` in the last path
 * segment only (the directory is literal, so one directory is watched per pattern). A leading dot
 * is matched only by a pattern that starts with one, as in the shell.
 */
import path from 'node:path';

const GLOB_CHARS = /[*?[]/;

export function hasGlob(text: string): boolean {
  return GLOB_CHARS.test(text);
}

/** Why a path pattern cannot be used, or null. */
export function globProblem(given: string): string | null {
  if (hasGlob(path.dirname(given))) return `${given}: wildcards are supported in the file name only, not in directories`;
  return null;
}

/** The file-name pattern as an anchored regular expression. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  const noDot = pattern.startsWith('.') ? '' : '(?!\\.)';
  return new RegExp(`^${noDot}${re}$`);
}
