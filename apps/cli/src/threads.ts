import { cpus } from "node:os";
import { z } from "zod";

/**
 * Threads of one training process's wasm backend: SEEDSCOPE_THREADS when it holds a whole number ≥ 1, else
 * every core (a run that trains alone should use the machine; metrics do not depend on the count).
 */
export function defaultThreads(): number {
  const fromEnv = Number(process.env.SEEDSCOPE_THREADS);
  return Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : cpus().length;
}

/** Threads for each of `workers` local worker processes: the cores shared out, at least one each. */
export function threadsPerWorker(workers: number): number {
  return Math.max(1, Math.floor(cpus().length / workers));
}

/** The `--threads` option's schema. */
export const threadsOption = z.coerce
  .number({ error: "--threads must be a whole number (e.g. --threads 2)" })
  .int("--threads must be a whole number (e.g. --threads 2)")
  .min(1, "--threads must be ≥ 1")
  .max(64, "--threads is at most 64")
  .optional();
