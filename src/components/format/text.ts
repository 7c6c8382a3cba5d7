/** Fixed-width cells for aligned columns. Log-derived text must go through `safeCell`. */
import { terminalSafeTruncate } from '../../engine/text/terminal-safe.js';

/** `text` cut to `width` with an ellipsis, padded with spaces to exactly `width`. */
export function cell(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  const cut = [...text].length > width ? [...text].slice(0, Math.max(0, width - 1)).join('') + (width > 1 ? '…' : '') : text;
  const pad = ' '.repeat(Math.max(0, width - [...cut].length));
  return align === 'left' ? cut + pad : pad + cut;
}

/** Attacker-controlled text escaped (control characters made visible), then fitted to `width`. */
export function safeCell(text: string | null | undefined, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return '';
  return cell(terminalSafeTruncate(text ?? '', width), width, align);
}
