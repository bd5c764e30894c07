/**
 * Counts incoming requests over a short sliding window, to tell a burst (many vendors at once) from
 * normal traffic. Two buckets: cheap enough to call on every request.
 */
export class LoadGauge {
  private bucketStart = 0;
  private current = 0;
  private previous = 0;

  constructor(
    private readonly windowMs = 250,
    private readonly burstRequests = 25,
    private readonly now: () => number = Date.now,
  ) {}

  private roll(t: number): void {
    const elapsed = t - this.bucketStart;
    if (elapsed < this.windowMs) return;
    this.previous = elapsed < 2 * this.windowMs ? this.current : 0;
    this.current = 0;
    this.bucketStart = t - (elapsed % this.windowMs);
  }

  hit = (): void => {
    this.roll(this.now());
    this.current += 1;
  };

  /** At least `burstRequests` requests in the last window (≈100 requests/s by default). */
  underLoad = (): boolean => {
    const t = this.now();
    this.roll(t);
    const fraction = (t - this.bucketStart) / this.windowMs;
    return this.current + this.previous * (1 - fraction) >= this.burstRequests;
  };
}
