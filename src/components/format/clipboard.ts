/**
 * OSC 52: asks the terminal to put text on the system clipboard. It travels in the output stream,
 * so it works over SSH — the only way a console on a remote server can copy to the analyst's
 * desktop. Terminals that do not support it ignore it; inside tmux it needs `set -g set-clipboard on`.
 */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
