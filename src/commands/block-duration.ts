/** `--for DURATION` of `block`: `90s`, `10m`, `1h`, `7d`, `2w` or `permanent`. */
import { MAX_BLOCK_SECONDS, validDuration } from '../plugins/responders/backend-kit.js';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

export type DurationParse = { ok: true; seconds: number | null } | { ok: false; message: string };

/** Seconds for a duration (null = `permanent`), or why not. */
export function parseBlockDuration(text: string): DurationParse {
  const t = text.trim().toLowerCase();
  if (t === 'permanent') return { ok: true, seconds: null };
  const m = /^(\d{1,10})([smhdw])$/.exec(t);
  if (m === null) return { ok: false, message: `takes a duration like 90s, 10m, 1h, 7d or permanent, got "${text}"` };
  const seconds = Number(m[1]) * (UNIT_SECONDS[m[2] as string] as number);
  if (!validDuration(seconds)) return { ok: false, message: `${text} is out of range (1s to ${MAX_BLOCK_SECONDS / 86_400}d, or permanent)` };
  return { ok: true, seconds };
}
