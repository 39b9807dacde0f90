import { applyOverrides, derivedRecipeName, getRecipe } from "@seedscope/recipes";
import { commitEpoch } from "../checkpoints";
import { createRecipe } from "../recipes";
import { finishRun, startRun } from "../runs";
import type { Store } from "../store";
import { findOrCreateSweep } from "../sweeps";

/** A finished seed of the fixture: final val and v2 top-1; epoch 1 logs val − 10 (the early epoch). */
export interface FixtureSeed {
  readonly seed: number;
  readonly val: number;
  readonly v2: number;
  readonly collapsed?: boolean;
}

export const LR_OVERRIDE = "optimizer.lr=0.004";

/** base (a2) on resnet8 in the sweep: mean val 43, mean v2 41.5; seed 1 collapsed. */
export const BASE_R8: readonly FixtureSeed[] = [
  { seed: 0, val: 40, v2: 38 },
  { seed: 1, val: 44, v2: 43, collapsed: true },
  { seed: 2, val: 42, v2: 41 },
  { seed: 3, val: 46, v2: 44 },
];
/** The derived recipe (lr changed) on resnet8 in the sweep: mean val 52, mean v2 49. */
export const CHILD_R8: readonly FixtureSeed[] = [
  { seed: 0, val: 50, v2: 47 },
  { seed: 1, val: 52, v2: 49 },
  { seed: 2, val: 54, v2: 51 },
];
/** base on resnet20, outside any sweep: mean val 62. */
export const BASE_R20: readonly FixtureSeed[] = [
  { seed: 0, val: 60, v2: 58 },
  { seed: 1, val: 64, v2: 61 },
];

export interface DashboardFixture {
  readonly baseHash: string;
  readonly childHash: string;
  readonly sweepId: number;
  /** Run ids of CHILD_R8 by position. */
  readonly childRunIds: number[];
  /** A run of the sweep still running (base, resnet8, seed 9). */
  readonly runningId: number;
  /** A run that failed (child, resnet20, seed 0, no sweep). */
  readonly failedId: number;
}

async function finishedRun(
  store: Store,
  where: { recipeHash: string; arch: string; sweepId?: number },
  s: FixtureSeed,
): Promise<number> {
  const { id } = await startRun(store, { ...where, dataset: "digits", seed: s.seed });
  for (const [epoch, val] of [
    [1, s.val - 10],
    [2, s.val],
  ] as const) {
    await commitEpoch(store, id, null, {
      epochsDone: epoch,
      points: [
        { key: "val/top1", step: epoch, value: val },
        { key: "v2/top1", step: epoch, value: s.v2 - (2 - epoch) * 10 },
      ],
      checkpoint: new Uint8Array([epoch]),
    });
  }
  await finishRun(store, id, {
    status: "finished",
    summary: { val: { top1: s.val }, v2: { top1: s.v2 } },
    collapsed: s.collapsed ?? false,
  });
  return id;
}

/** Two recipes (a2 and a2 with a lower lr, its child), one sweep, finished, running and failed runs. */
export async function buildDashboardFixture(store: Store): Promise<DashboardFixture> {
  const base = getRecipe("a2");
  const baseHash = (await createRecipe(store, { body: base, name: "a2" })).hash;
  const childHash = (
    await createRecipe(store, {
      body: applyOverrides(base, [LR_OVERRIDE]),
      name: derivedRecipeName("a2", [LR_OVERRIDE]),
      parentHash: baseHash,
    })
  ).hash;
  const { id: sweepId } = await findOrCreateSweep(store, {
    plan: { recipes: [{ name: "a2", hash: baseHash }], archs: ["resnet8"], datasets: ["digits"], seeds: [0, 1, 2, 3] },
    name: "study",
    launchedBy: "test",
  });
  for (const s of BASE_R8) await finishedRun(store, { recipeHash: baseHash, arch: "resnet8", sweepId }, s);
  const childRunIds: number[] = [];
  for (const s of CHILD_R8)
    childRunIds.push(await finishedRun(store, { recipeHash: childHash, arch: "resnet8", sweepId }, s));
  for (const s of BASE_R20) await finishedRun(store, { recipeHash: baseHash, arch: "resnet20" }, s);
  const running = await startRun(store, {
    recipeHash: baseHash,
    arch: "resnet8",
    dataset: "digits",
    seed: 9,
    sweepId,
  });
  const failed = await startRun(store, { recipeHash: childHash, arch: "resnet20", dataset: "digits", seed: 0 });
  await finishRun(store, failed.id, { status: "failed", reason: "out of memory" });
  return { baseHash, childHash, sweepId, childRunIds, runningId: running.id, failedId: failed.id };
}

export const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
