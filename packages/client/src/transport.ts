/** A run's end as the script reports it: MLflow's FINISHED, FAILED and KILLED. */
export type FinishStatus = "finished" | "failed" | "killed";

/** One metric value at one step, under the name the script logs it by (`val_acc`, `val/top1`, …). */
export interface ClientPoint {
  readonly name: string;
  readonly step: number;
  readonly value: number;
  /** When it was logged (ms since the epoch). */
  readonly timestamp: number;
}

/** What starts a run: its study, its configuration (every parameter but the seed), its seed. */
export interface RunStart {
  readonly study: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly seed: number | null;
  /** The parameter the seed is logged as (default `seed`). */
  readonly seedParam: string;
  readonly name: string | null;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Where a run's records go: seedscope's MLflow-compatible HTTP API, or a store directly. Each call is one
 * request or transaction, safe to repeat: metrics re-logged at the same (key, step) replace, never duplicate.
 */
export interface Transport {
  /** Creates the run (and its study if new); returns the run's id. */
  start(run: RunStart): Promise<string>;
  logMetrics(runId: string, points: readonly ClientPoint[]): Promise<void>;
  finish(runId: string, status: FinishStatus): Promise<void>;
  /** Releases what the transport opened (not a store the caller passed in). */
  close(): Promise<void>;
  /** Whether a failed call may succeed when repeated (a network error, a 5xx, a lost store connection). */
  isTransient(error: unknown): boolean;
}
