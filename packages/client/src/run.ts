import { Batcher, type BatchOptions } from "./batcher";
import { type RetryOptions, withRetry } from "./retry";
import type { ClientPoint, FinishStatus, Transport } from "./transport";

/** Metric values by name, as a training loop has them (`{ val_acc: 0.71, loss: 0.9 }`); undefined ones are skipped. */
export type Metrics = Readonly<Record<string, number | undefined>>;

/** A run being logged: `log` per step or epoch, `finish` at the end. */
export class ClientRun {
  private readonly batcher: Batcher;
  private finished = false;

  constructor(
    /** The run's id where it was stored (the store's run id, or the MLflow run id). */
    readonly id: string,
    private readonly transport: Transport,
    private readonly retry: RetryOptions,
    batch: BatchOptions,
  ) {
    this.batcher = new Batcher(
      (points) =>
        withRetry(
          () => transport.logMetrics(id, points),
          (e) => transport.isTransient(e),
          retry,
        ),
      batch,
      (e) => transport.isTransient(e),
    );
  }

  /**
   * Logs metric values at a step (an epoch, say). They are buffered and sent in batches; a value logged
   * again at the same step replaces the earlier one.
   */
  async log(metrics: Metrics, step: number): Promise<void> {
    if (this.finished) throw new Error("seedscope client: log() after finish()");
    if (!Number.isInteger(step) || step < 0 || step > 2_147_483_647)
      throw new Error(`seedscope client: step must be a whole number from 0 to 2147483647, got ${step}`);
    const timestamp = Date.now();
    const points: ClientPoint[] = [];
    for (const [name, value] of Object.entries(metrics)) {
      if (value === undefined) continue;
      if (typeof value !== "number")
        throw new Error(`seedscope client: metric "${name}" must be a number, got ${typeof value}`);
      points.push({ name, step, value, timestamp });
    }
    await this.batcher.add(points);
  }

  /** Sends every buffered point now. */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  /** Sends what is buffered, then records the run's end (default `finished`) and releases the transport. */
  async finish(status: FinishStatus = "finished"): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.batcher.flush();
      await withRetry(
        () => this.transport.finish(this.id, status),
        (e) => this.transport.isTransient(e),
        this.retry,
      );
    } finally {
      this.batcher.stop();
      await this.transport.close();
    }
  }
}
