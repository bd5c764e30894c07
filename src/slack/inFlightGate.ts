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

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }

  get inFlight(): number {
    return this.active;
  }
}
