import { describe, expect, it } from "vitest";
import type { TrainingProgress } from "@seedscope/train";
import { RunEta } from "./run-eta";

const at = (phase: TrainingProgress["phase"], epoch: number, step: number): TrainingProgress => ({
  runId: 1,
  phase,
  epoch,
  epochs: 3,
  step,
  stepsPerEpoch: 10,
  loss: 1,
  imagesPerSecond: 100,
  etaSeconds: null,
});

describe("RunEta", () => {
  it("covers every remaining epoch of the run, evaluation included as measured", () => {
    const eta = new RunEta();
    let t = 0;
    // Epoch 1: steps of 1 s each, then an evaluation of 5 s.
    for (let step = 1; step <= 10; step++) eta.observe(at("train", 1, step), (t += 1000));
    expect(eta.remaining(at("train", 1, 10), t)).toEqual({ seconds: 20, complete: false }); // 2 epochs × 10 steps, eval not timed yet
    eta.observe(at("eval", 1, 10), t);
    t += 5000; // evaluation and commit
    eta.observe(at("train", 2, 1), (t += 1000)); // the first step of epoch 2
    const left = eta.remaining(at("train", 2, 1), t)!;
    // 9 steps + epoch 2's eval + epoch 3 (10 steps + eval) = 9 + 5 + 15 = 29 s
    expect(left.complete).toBe(true);
    expect(left.seconds).toBeCloseTo(29, 6);
  });

  it("knows nothing before a step is timed", () => {
    const eta = new RunEta();
    eta.observe(at("train", 1, 1), 0);
    expect(eta.remaining(at("train", 1, 1), 0)).toBeNull();
  });
});
