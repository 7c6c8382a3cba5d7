/**
 * `--no-color` means "no colours", not "no attributes". The terminal-styling library under Ink
 * (chalk) reads these flags from `process.argv` when it is first loaded and then drops every style,
 * bold and inverse included, so the selection bar vanished; `NO_COLOR` kept them. The console
 * honours the flag itself (a theme without colours) and hides it from chalk.
 */

/** The argv flags with which chalk turns every style off. */
export const NO_COLOUR_FLAGS: readonly string[] = ['--no-color', '--no-colors', '--color=false', '--color=never'];

/** `argv` without the no-colour flags (those after a `--` are arguments, and stay). */
export function withoutNoColourFlags(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.filter((arg, i) => !(NO_COLOUR_FLAGS.includes(arg) && (end === -1 || i < end)));
}
