/**
 * Bounds how many Slack requests the app works on at once, acknowledged or not. Listeners acknowledge
 * first and finish their work afterwards; under an overload that work would pile up without limit
 * (memory, queued Web API calls). Past the limit a new request waits for a slot before its listener
 * runs, so the overload shows as slower acknowledgements instead of a crash.
 */
export class InFlightGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    // Runs on every request: no extra async frame when a slot is free (the usual case).
    if (this.active < this.limit) {
      this.active += 1;
      return this.start(work);
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.start(work));
  }

  /** Runs work in a slot already taken, giving the slot back however the work ends. */
  private start<T>(work: () => Promise<T>): Promise<T> {
    try {
      return work().finally(this.release);
    } catch (err) {
      this.release();
      return Promise.reject(err as Error);
    }
  }

  /** Hands the slot to the next waiting request, or frees it. */
  private readonly release = (): void => {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  };

  get inFlight(): number {
    return this.active;
  }
}
