import type { ClientPoint } from "./transport";

export interface BatchOptions {
  /** Send once this many points wait (default 500; at most 1,000, MLflow's log-batch limit). */
  readonly maxPoints?: number;
  /** Send what waits at least this often (ms, default 2,000). */
  readonly intervalMs?: number;
}

export const MAX_BATCH = 1_000;

/**
 * Buffers metric points and sends them in batches: when `maxPoints` wait, every `intervalMs`, and on
 * `flush()`. One batch is sent at a time, in order; a (name, step) logged twice before it is sent keeps
 * its last value. A send that failed for a passing reason (`keep` says so: the network, a 5xx) keeps its
 * points at the front of the buffer (sent again, they replace whatever part of them arrived); one the
 * server refused is dropped. Either error is thrown by the next `add` or `flush`.
 */
export class Batcher {
  private buffer = new Map<string, ClientPoint>();
  private sending: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly timer: NodeJS.Timeout;
  readonly maxPoints: number;

  constructor(
    private readonly send: (points: readonly ClientPoint[]) => Promise<void>,
    options: BatchOptions = {},
    private readonly keep: (error: unknown) => boolean = () => true,
  ) {
    this.maxPoints = Math.min(Math.max(1, Math.floor(options.maxPoints ?? 500)), MAX_BATCH);
    this.timer = setInterval(() => {
      if (this.buffer.size > 0) this.flush().catch(() => {});
    }, options.intervalMs ?? 2_000);
    // A script that is done must not be kept alive by the timer.
    this.timer.unref();
  }

  /** Buffers points; resolves once they are buffered, or once a batch they filled is sent. */
  async add(points: readonly ClientPoint[]): Promise<void> {
    this.rethrow();
    for (const p of points) {
      const id = `${p.name}\u0000${p.step}`;
      this.buffer.delete(id);
      this.buffer.set(id, p);
    }
    if (this.buffer.size >= this.maxPoints) await this.flush();
  }

  /** Sends everything buffered, in batches of at most `maxPoints`. */
  flush(): Promise<void> {
    this.sending = this.sending.then(async () => {
      while (this.buffer.size > 0 && this.failure === null) {
        const batch = [...this.buffer.values()].slice(0, this.maxPoints);
        for (const p of batch) this.buffer.delete(`${p.name}\u0000${p.step}`);
        try {
          await this.send(batch);
        } catch (error) {
          this.failure = error;
          if (!this.keep(error)) continue;
          // Back to the front, unless the script logged that (name, step) again meanwhile.
          const rest = this.buffer;
          this.buffer = new Map(batch.map((p) => [`${p.name}\u0000${p.step}`, p]));
          for (const [id, p] of rest) {
            this.buffer.delete(id);
            this.buffer.set(id, p);
          }
        }
      }
    });
    return this.sending.then(() => this.rethrow());
  }

  /** Points not yet sent. */
  get pending(): number {
    return this.buffer.size;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private rethrow(): void {
    if (this.failure === null) return;
    const error = this.failure;
    this.failure = null;
    throw error;
  }
}
