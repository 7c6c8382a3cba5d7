/**
 * Exponentially weighted mean and variance of a series (one observation per time step), for
 * learned baselines. Incremental form (West 1979 / Finch 2009):
 *   diff = x − mean;  mean += α·diff;  variance = (1 − α)·(variance + α·diff²)
 * The first observation sets the mean, with variance 0. `α` comes from a half-life in steps: an
 * observation's weight halves every `halfLife` steps, α = 1 − 2^(−1/halfLife).
 */
export class Ewma {
  readonly alpha: number;
  #mean = 0;
  #variance = 0;
  #n = 0;

  constructor(alpha: number) {
    if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`alpha must be in (0, 1], got ${alpha}`);
    this.alpha = alpha;
  }

  static fromHalfLife(steps: number): Ewma {
    if (!(steps > 0) || !Number.isFinite(steps)) throw new RangeError(`half-life must be > 0, got ${steps}`);
    return new Ewma(1 - 2 ** (-1 / steps));
  }

  /** Observations so far. */
  get count(): number {
    return this.#n;
  }

  get mean(): number {
    return this.#mean;
  }

  get variance(): number {
    return this.#variance;
  }

  get stdDev(): number {
    return Math.sqrt(this.#variance);
  }

  update(x: number): void {
    if (this.#n === 0) {
      this.#mean = x;
      this.#variance = 0;
    } else {
      const diff = x - this.#mean;
      const incr = this.alpha * diff;
      this.#mean += incr;
      this.#variance = (1 - this.alpha) * (this.#variance + diff * incr);
    }
    this.#n++;
  }

  /**
   * `steps` observations of 0 (quiet time steps), at most `maxSteps` of them one by one: past that
   * the baseline has decayed to nothing anyway, and it is reset to a run of zeros.
   */
  updateZeros(steps: number, maxSteps = 1440): void {
    if (steps <= 0) return;
    if (steps > maxSteps && this.#n > 0) {
      this.#mean = 0;
      this.#variance = 0;
      this.#n += steps;
      return;
    }
    for (let i = 0; i < steps; i++) this.update(0);
  }

  /** How many standard deviations `x` lies above the mean (Infinity above a zero variance). */
  zScore(x: number): number {
    const d = x - this.#mean;
    const sd = this.stdDev;
    if (sd === 0) return d > 0 ? Number.POSITIVE_INFINITY : d < 0 ? Number.NEGATIVE_INFINITY : 0;
    return d / sd;
  }
}
