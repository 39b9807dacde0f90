import PgBoss from "pg-boss";
import { queueConnection, type Store } from "@seedscope/db";

export interface RunJob {
  readonly runId: number;
}

const queueName = (sweepId: number) => `seedscope-sweep-${sweepId}`;

/**
 * The sweep's job queue, one pg-boss queue per sweep. Jobs only say which run to work on: which runs
 * exist and their status live in the store, so a duplicate job is harmless (claimRun decides), and a
 * lost one is re-sent by the recovery pass.
 */
export class RunQueue {
  private constructor(private readonly boss: PgBoss) {}

  static async open(store: Store): Promise<RunQueue> {
    const boss = new PgBoss({ db: queueConnection(store), schedule: false, supervise: store.backend === "postgres" });
    boss.on("error", (error: Error) => process.stderr.write(`seedscope: job queue: ${error.message}\n`));
    await boss.start();
    return new RunQueue(boss);
  }

  /** Queues one job per run; `first` jobs (runs of dead workers, to be resumed) go ahead of every other. */
  async enqueue(sweepId: number, runIds: readonly number[], options: { first?: boolean } = {}): Promise<void> {
    const name = queueName(sweepId);
    if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name, { name, policy: "standard" });
    if (runIds.length === 0) return;
    // Runs last minutes; a worker that dies is detected by the run's heartbeat, not by job expiry.
    await this.boss.insert(
      runIds.map((runId) => ({
        name,
        data: { runId } satisfies RunJob,
        expireInSeconds: 12 * 3600,
        ...(options.first ? { priority: 1 } : {}),
      })),
    );
  }

  /** The next job of the sweep, taken with SKIP LOCKED so that two workers never get the same one. */
  async next(sweepId: number): Promise<{ id: string; runId: number } | null> {
    const name = queueName(sweepId);
    if (!(await this.boss.getQueue(name))) return null;
    const [job] = await this.boss.fetch<RunJob>(name, { batchSize: 1 });
    return job ? { id: job.id, runId: job.data.runId } : null;
  }

  async done(sweepId: number, jobId: string): Promise<void> {
    await this.boss.complete(queueName(sweepId), jobId);
  }

  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, close: false, wait: true });
  }
}
