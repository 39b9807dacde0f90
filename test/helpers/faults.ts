import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { expect } from "vitest";
import type { Store } from "@seedscope/db";
import { findRuns, metricPoints } from "@seedscope/db/testing";
import { SEEDSCOPE_BIN } from "./cli";
import { TINY_DEIT3 } from "./tiny-run";

/** `sweep` flags for tiny runs: what matters under faults is the bookkeeping, not accuracy. */
export const TINY_SWEEP: readonly string[] = TINY_DEIT3;

/** A small seeded generator (mulberry32), so the fault moments are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GroupCli {
  readonly child: ChildProcess;
  readonly pid: number;
  output(): string;
  /** Resolves with the exit code (null when killed), the signal that killed it, and when (performance.now()). */
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts `seedscope` as the leader of its own process group (as a shell does), so the group can be signalled. */
export function startGroup(args: string[], env: Record<string, string | undefined>): GroupCli {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  const child = spawn(process.execPath, [SEEDSCOPE_BIN, ...args], { env: merged, detached: true });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  return { child, pid: child.pid!, output: () => output, exit };
}

/** The pids of a process's children (its pool workers). */
export function childPids(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const pidOf = (worker: string | null) => Number(/:(\d+)(?:#\d+)?$/.exec(worker ?? "")?.[1] ?? Number.NaN);
export const sweepIdIn = (output: string) => Number(/sweep (\d+)/.exec(output)?.[1] ?? Number.NaN);

/** Every run finished exactly once, every epoch's metrics present once: the end state of any fault. */
export async function expectEveryRunFinishedOnce(store: Store, sweepId: number, runs: number, epochs: number) {
  const found = await findRuns(store, { sweepId });
  expect(found).toHaveLength(runs);
  for (const run of found) {
    expect(run.status).toBe("finished");
    expect(run.epochsDone).toBe(epochs);
    expect(run.events.filter((e) => e.status === "finished")).toHaveLength(1);
    const points = await metricPoints(store, run.id);
    const keys = points.map((p) => `${p.key}@${p.step}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(points.filter((p) => p.key === "train/loss").map((p) => p.step)).toEqual(
      Array.from({ length: epochs }, (_, i) => i + 1),
    );
  }
  return found;
}

/** Each run of `runs` has the metrics (timings aside) of the run of the same seed in `references`. */
export async function expectMetricsOfUninterruptedRuns(
  store: Store,
  runs: readonly { id: number; seed: number | null }[],
  references: readonly { id: number; seed: number | null }[],
): Promise<void> {
  const skip = { skipPrefixes: ["time/", "perf/"] };
  for (const run of runs) {
    const reference = references.find((r) => r.seed === run.seed);
    expect(reference, `an uninterrupted run of seed ${run.seed}`).toBeDefined();
    expect(await metricPoints(store, run.id, skip)).toEqual(await metricPoints(store, reference!.id, skip));
  }
}

/** `n, min/median/max` of some seconds, for the battery's figures. */
export function figures(seconds: readonly number[], digits = 1): string {
  if (seconds.length === 0) return "none measured";
  const sorted = [...seconds].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const f = (s: number) => s.toFixed(digits);
  return `${sorted.length} moments, min/median/max ${f(sorted[0]!)}/${f(median)}/${f(sorted[sorted.length - 1]!)} s`;
}
