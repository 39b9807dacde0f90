import { describe, expect, it } from "vitest";
import type { FinishedRun } from "./finished-runs";
import { comparePair } from "./group-stats";

const run = (seed: number, val: number, v2: number): FinishedRun => ({
  id: seed + 1,
  seed,
  recipeHash: "a".repeat(64),
  recipeName: "a2",
  arch: "resnet8",
  dataset: "digits",
  val,
  v2,
  params: null,
  flops: null,
  throughput: null,
  peakMemoryMb: null,
  peakTensorMb: null,
  epochsDone: 1,
  collapsed: false,
});

describe("comparePair", () => {
  it("calls a pair with a single seed in a cell untestable, not 'agree'", () => {
    const c = comparePair([run(0, 40, 39)], [run(0, 45, 41), run(1, 46, 42), run(2, 44, 40)]);
    expect(c.testable).toBe(false);
    expect(c.untestableReason).toBe("n = 1 in one cell");
    expect(c.orderFlips).toBe(false);
    expect(c.significanceDiffers).toBe(false);
  });

  it("tests pairs with two or more seeds per cell", () => {
    const c = comparePair([run(0, 40, 39), run(1, 41, 40)], [run(0, 45, 41), run(1, 46, 42)]);
    expect(c.testable).toBe(true);
    expect(c.untestableReason).toBeNull();
    expect(Number.isFinite(c.val.pValue)).toBe(true);
  });
});
