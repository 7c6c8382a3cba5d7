/**
 * A one-line progress bar on stderr, redrawn at most 10 times a second; only when stderr is a
 * terminal (never garbage in a pipe or a CI log).
 */
export interface Progress {
  update(done: number, extra?: string): void;
  /** Erases the bar (before other output goes to the same terminal); the next update redraws it. */
  clear(): void;
  finish(): void;
}

const NOOP: Progress = { update() {}, clear() {}, finish() {} };

export function createProgress(total: number | null, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return NOOP;
  let last = 0;
  let drawn = false;
  const width = () => Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
  return {
    update(done, extra = '') {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      let bar = '';
      if (total && total > 0) {
        const frac = Math.min(1, done / total);
        const w = width();
        const full = Math.round(frac * w);
        bar = `[${'#'.repeat(full)}${'-'.repeat(w - full)}] ${(frac * 100).toFixed(0).padStart(3)}% `;
      }
      stream.write(`\r\x1b[2K${label} ${bar}${extra}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
      last = 0;
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
}

export function formatRate(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(2)}M`;
  if (n >= 1000) return `${(n / 1000).toFixed(0)}k`;
  return n.toFixed(0);
}

/** `1234567` → `1,234,567` (no Intl: loading ICU costs ~10 ms of start-up). */
export function formatCount(n: number): string {
  const s = String(Math.trunc(n));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
