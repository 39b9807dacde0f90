/** At most `max` restarts of one pool slot within any `windowMs`: a worker that keeps dying is left down. */
export class RestartBudget {
  private readonly times: number[] = [];

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Spends one restart if the budget allows it now. */
  take(now = Date.now()): boolean {
    while (this.times.length > 0 && now - this.times[0]! >= this.windowMs) this.times.shift();
    if (this.times.length >= this.max) return false;
    this.times.push(now);
    return true;
  }
}
