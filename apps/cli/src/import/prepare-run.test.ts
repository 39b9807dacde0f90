import { describe, expect, it } from "vitest";
import type { ImportedRun } from "@seedscope/ingest";
import { prepareRun } from "./prepare-run";
import { deitRunName } from "./read-deit-log";
import { datasetOfTable } from "./read-timm-results";

const run = (over: Partial<ImportedRun>): ImportedRun => ({
  name: "r",
  config: null,
  seed: null,
  points: [],
  splits: {},
  epochs: 3,
  resumedFrom: null,
  params: null,
  notes: [],
  ...over,
});

describe("an imported run's parameters and status", () => {
  it("drops bookkeeping arguments, adds the parameter count and the seed", () => {
    const { prepared } = prepareRun(
      run({
        config: { model: "resnet50", lr: 0.1, output: "out/a", experiment: "a-seed1", seed: 9 },
        seed: 1,
        params: 25,
      }),
      "/logs/a",
    );
    expect(prepared.params).toEqual({ model: "resnet50", lr: 0.1, n_parameters: 25, seed: 1 });
    expect(prepared.status).toBe("finished");
  });

  it("a log shorter than its configuration's epochs is interrupted; timm's cooldown epochs are not", () => {
    const short = prepareRun(run({ config: { epochs: 300 }, epochs: 120 }), "k");
    expect(short.prepared.status).toBe("interrupted");
    expect(short.note).toMatch(/covers 120 of the 300 epochs/);
    expect(prepareRun(run({ config: { epochs: 100 }, epochs: 110 }), "k").prepared.status).toBe("finished");
  });

  it("names runs and tables' datasets from their paths", () => {
    expect(deitRunName("/out/deit_small_seed3/log.txt")).toBe("deit_small_seed3");
    expect(deitRunName("/logs/repvit_m0_9_distill_300e.txt")).toBe("repvit_m0_9_distill_300e");
    expect(datasetOfTable("/r/results-imagenet.csv")).toBe("imagenet");
    expect(datasetOfTable("/r/results-imagenet-real.csv")).toBe("imagenet-real");
    expect(datasetOfTable("/r/table.csv")).toBeNull();
  });
});
