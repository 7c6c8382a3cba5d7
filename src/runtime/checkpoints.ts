/**
 * Restart resume. Sources save opaque checkpoints (file offsets, a journal cursor) after the lines
 * they cover were processed; this keeper stores, per source key, two of them:
 * - `current`: where the source stopped, with the last line number per file name;
 * - `warm`: an earlier position, one detection window of event time before `current`.
 * A restarted source resumes from `warm`: the lines up to `current` are re-read in warm-up mode
 * (they rebuild the rules' windows but change no alert, the store already has them), and the
 * incidents open at the checkpoint are re-opened from their stored alerts. So an incident that spans
 * a restart stays one alert with the count a replay of the whole file gives, and no line is counted
 * twice or missed.
 *
 * A source saves a checkpoint once right after it opened, before emitting (its start position):
 * that is the warm position until a later one is a full window old.
 *
 * Checkpoints are written with the alerts, in the same atomic store write (the runtime sets them
 * right before each flush).
 */
import type { OpenIncidentRecord } from '../engine/engine.js';

export interface CheckpointStoreLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

interface SavedSource {
  current: unknown;
  warm: unknown;
  /** Last line number processed per file name, as of `current`. */
  lines: Record<string, number>;
}

interface Sample {
  value: unknown;
  time: number;
}

const SOURCE_PREFIX = 'source:';
const INCIDENTS_KEY = 'incidents';
/** Samples kept per source (one per second of event time at most). */
const MAX_SAMPLES = 4096;

function isSaved(v: unknown): v is SavedSource {
  return typeof v === 'object' && v !== null && 'current' in v && 'lines' in v && typeof (v as SavedSource).lines === 'object';
}

export class CheckpointKeeper {
  readonly #store: CheckpointStoreLike | null;
  readonly #warmWindowMs: number;
  readonly #samples = new Map<string, Sample[]>();
  readonly #current = new Map<string, { value: unknown; lines: Record<string, number> }>();
  /** Lines already processed before this start, per file name (from the saved checkpoints). */
  readonly #warmUntil = new Map<string, number>();
  #dirty = false;

  constructor(store: CheckpointStoreLike | null, warmWindowMs: number) {
    this.#store = store;
    this.#warmWindowMs = warmWindowMs;
  }

  /** Where source `key` should resume: the warm position of its saved checkpoint, or null. */
  resumeFrom(key: string): unknown {
    const saved = this.#store?.get(SOURCE_PREFIX + key);
    if (!isSaved(saved)) return null;
    for (const [file, line] of Object.entries(saved.lines)) {
      if (typeof line === 'number' && line > (this.#warmUntil.get(file) ?? 0)) this.#warmUntil.set(file, line);
    }
    return saved.warm ?? saved.current;
  }

  /** True while `line` of `file` was already processed before the restart. */
  isWarm(file: string, line: number): boolean {
    if (this.#warmUntil.size === 0) return false;
    const until = this.#warmUntil.get(file);
    if (until === undefined) return false;
    if (line <= until) return true;
    this.#warmUntil.delete(file);
    return false;
  }

  get warming(): boolean {
    return this.#warmUntil.size > 0;
  }

  /** Drops the warm-up marks (a source that starts over from the start or the end). */
  forgetWarm(file?: string): void {
    if (file === undefined) this.#warmUntil.clear();
    else this.#warmUntil.delete(file);
  }

  /** A source saved a checkpoint covering everything emitted so far, at event time `time`. */
  record(key: string, value: unknown, time: number | null, lines: Record<string, number>): void {
    this.#current.set(key, { value, lines: { ...lines } });
    this.#dirty = true;
    let samples = this.#samples.get(key);
    if (samples === undefined) this.#samples.set(key, (samples = []));
    if (time === null) {
      // Before any event (a source saving its start position): the earliest possible warm position.
      if (samples.length === 0) samples.push({ value, time: Number.NEGATIVE_INFINITY });
      return;
    }
    const last = samples.at(-1);
    if (last !== undefined && time - last.time < 1000) return;
    samples.push({ value, time });
    // keep one sample older than the window (the warm position), drop the ones before it
    let drop = 0;
    while (drop + 1 < samples.length && (samples[drop + 1] as Sample).time <= time - this.#warmWindowMs) drop++;
    if (drop > 0) samples.splice(0, drop);
    if (samples.length > MAX_SAMPLES) samples.splice(1, samples.length - MAX_SAMPLES);
  }

  /** Writes the checkpoints and the open incidents into the store (before its write). */
  save(incidents: readonly OpenIncidentRecord[]): void {
    if (this.#store === null) return;
    if (this.#dirty) {
      for (const [key, cur] of this.#current) {
        const samples = this.#samples.get(key) ?? [];
        const warm = samples.length > 0 ? (samples[0] as Sample).value : cur.value;
        const saved: SavedSource = { current: cur.value, warm, lines: cur.lines };
        this.#store.set(SOURCE_PREFIX + key, saved);
      }
      this.#dirty = false;
    }
    this.#store.set(INCIDENTS_KEY, incidents);
  }

  /** The open incidents saved at the last checkpoint. */
  savedIncidents(): OpenIncidentRecord[] {
    const v = this.#store?.get(INCIDENTS_KEY);
    if (!Array.isArray(v)) return [];
    return v.filter(
      (r): r is OpenIncidentRecord =>
        typeof r === 'object' && r !== null && typeof r.rule === 'string' && typeof r.key === 'string' && typeof r.alertId === 'string' && typeof r.lastSeen === 'number',
    );
  }
}
