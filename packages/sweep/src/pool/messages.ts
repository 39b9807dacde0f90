import { hostname } from "node:os";
import type { TrainingProgress } from "@seedscope/train";

/** What a pool worker tells its parent over the IPC channel. */
export type WorkerMessage =
  | { readonly type: "progress"; readonly progress: TrainingProgress }
  | { readonly type: "run-done"; readonly runId: number; readonly status: string }
  | { readonly type: "recovered"; readonly runs: number };

/** What the parent tells a pool worker: finish recording the current run as interrupted, then exit. */
export type ParentMessage = { readonly type: "stop" };

const WORKER_MESSAGE_TYPES: ReadonlySet<string> = new Set(["progress", "run-done", "recovered"]);

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  return (
    typeof value === "object" && value !== null && WORKER_MESSAGE_TYPES.has(String((value as { type?: unknown }).type))
  );
}

export function isParentMessage(value: unknown): value is ParentMessage {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "stop";
}

/**
 * The name a worker process records on the runs it holds: `host:pid`. The parent derives it from the
 * child's pid, so it can take over a dead worker's runs; `workerProcessGone` reads it back.
 */
export const workerName = (pid: number = process.pid): string => `${hostname()}:${pid}`;
