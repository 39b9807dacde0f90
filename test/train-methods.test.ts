import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCheckpoint, resumeTraining, runTraining, type RunRequest } from "@seedscope/train";
import { loadCheckpoint } from "@seedscope/db";
import { metricPoints, openTestStore, TEST_BACKEND, type TestStore } from "@seedscope/db/testing";
import { applyOverrides, getRecipe } from "@seedscope/recipes";

// Tiny real runs of each co-training method through the store: they check the wiring, not accuracy.
const FAST: Record<string, string> = {
  "augment.crop": '{"kind":"none"}',
  "augment.randAugment": "null",
  "augment.mixupAlpha": "0",
  "augment.cutmixAlpha": "0",
  "augment.mixSwitchProb": "null",
  "augment.randomErasing": "0",
  "augment.repeatedAugmentations": "1",
  "augment.threeAugment": "false",
  "augment.colorJitter": "0",
  "lrScaling.rule": "none",
  "schedule.warmupEpochs": "0",
  resolution: "16",
  batchSize: "50",
  epochs: "1",
};

const request = (recipe: string, arch: string, extra: Record<string, string> = {}): RunRequest => ({
  recipe: applyOverrides(
    getRecipe(recipe),
    Object.entries({ ...FAST, ...extra }).map(([k, v]) => `${k}=${v}`),
  ),
  recipeName: `${recipe}-fast`,
  arch,
  dataset: "digits",
  datasetOptions: { trainSize: 200, evalSize: 300 },
  seed: 1,
  backend: "wasm",
});

describe(`co-training methods train end to end (store: ${TEST_BACKEND})`, () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(() => t.dispose());

  const keys = async (runId: number) => [...new Set((await metricPoints(t.store, runId)).map((p) => p.key))];

  it("cosub with efficient stochastic depth (cosub §4)", async () => {
    const result = await runTraining(t.store, request("cosub", "resnet8", { "stochasticDepth.rate": "0.2" }));
    expect(result.status).toBe("finished");
    expect(Number.isFinite(result.summary.val!.top1!)).toBe(true);
  });

  it("ST++ with KL−, smaller inputs and the inter-stage rule, logging network loafing", async () => {
    const result = await runTraining(
      t.store,
      request("stpp", "resnet20", {
        "method.randomSmallerInput": '{"min":5,"max":16}',
        "method.subnetsPerStep": "2",
        "optimizer.lr": "0.05",
      }),
    );
    expect(result.status).toBe("finished");
    expect(await keys(result.runId)).toEqual(expect.arrayContaining(["subnet/3/top1", "subnet/6/top1", "val/top1"]));
  });

  it("Divide and Co-training (Divide §3.1–3.2): S members, ensemble as the run's val, member metrics, all members checkpointed, exact resume", async () => {
    const divide = request("divide", "resnet8", { epochs: "2", "method.coTrainingWarmupEpochs": "1" });
    const result = await runTraining(t.store, divide);
    expect(result.status).toBe("finished");
    expect(result.summary["member/1/val"]?.top1).toBeDefined();
    expect(await keys(result.runId)).toEqual(
      expect.arrayContaining([
        "member/0/val/top1",
        "member/1/v2/top1",
        "ensemble/val/top1",
        "divide/wide_params",
        "divide/ensemble_params",
      ]),
    );
    const weights = decodeCheckpoint((await loadCheckpoint(t.store, result.runId))!.data).weights;
    expect([...weights.keys()].some((k) => k.startsWith("member0/"))).toBe(true);
    expect([...weights.keys()].some((k) => k.startsWith("member1/"))).toBe(true);
    const wide = await metricPoints(t.store, result.runId, { keys: ["divide/wide_params"] });
    expect(result.params / wide[0]!.value).toBeGreaterThan(0.8);
    expect(result.params / wide[0]!.value).toBeLessThan(1.2);
    expect(result.wideParams, "the run reports the undivided network's parameters it is compared with").toBe(
      wide[0]!.value,
    );

    // every member's view and draw is a function of (seed, epoch, step): a resumed run ends identical
    const stop = new AbortController();
    const cut = await runTraining(t.store, {
      ...divide,
      signal: stop.signal,
      onProgress: (p) => p.epoch === 2 && p.step === 1 && stop.abort(),
    });
    expect(cut.status).toBe("interrupted");
    const resumed = await resumeTraining(t.store, cut.runId);
    expect(resumed.summary).toEqual(result.summary);
  }, 120_000);
});
