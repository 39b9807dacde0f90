import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeCheckpoint, resumeTraining, runTraining, type RunRequest } from "@seedscope/train";
import { loadCheckpoint, type Store } from "@seedscope/db";
import { findRuns, metricPoints, openTestStore, TEST_BACKEND, type TestStore } from "@seedscope/db/testing";
import { applyOverrides, getRecipe } from "@seedscope/recipes";

// A light recipe on a small digits subset: these tests check the runner, not the recipes' accuracy.
const FAST: Record<string, string> = {
  "augment.crop": '{"kind":"none"}',
  "augment.randAugment": "null",
  "augment.mixupAlpha": "0",
  "augment.cutmixAlpha": "0",
  "augment.mixSwitchProb": "null",
  "augment.randomErasing": "0",
  "augment.repeatedAugmentations": "1",
  "lrScaling.rule": "none",
  "optimizer.lr": "0.002",
  "schedule.warmupEpochs": "0",
  "stochasticDepth.rate": "0.1",
  resolution: "16",
  batchSize: "50",
};

/** The runner tests' data: 300 train images, 300 val and 300 v2 (what they check does not depend on the sizes). */
const QUICK_DATA = { trainSize: 300, evalSize: 300 };

const request = (
  arch: string,
  seed: number,
  extra: Record<string, string> = {},
  datasetOptions: Readonly<Record<string, number>> = QUICK_DATA,
): RunRequest => ({
  recipe: applyOverrides(
    getRecipe("deit"),
    Object.entries({ ...FAST, ...extra }).map(([k, v]) => `${k}=${v}`),
  ),
  recipeName: "deit-fast",
  arch,
  dataset: "digits",
  datasetOptions,
  seed,
  backend: "wasm",
});

async function allPoints(store: Store, runId: number) {
  return metricPoints(store, runId, { skipPrefixes: ["time/", "perf/"] });
}

// Real training on a shared 2-core machine: generous limits, these are not speed checks.
describe(`the training runner (store: ${TEST_BACKEND})`, { timeout: 600_000 }, () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(() => t.dispose());

  it("is deterministic: the same seed gives identical weights and metrics, another seed differs", async () => {
    const a = await runTraining(t.store, request("resnet8", 7, { epochs: "2" }));
    const b = await runTraining(t.store, request("resnet8", 7, { epochs: "2" }));
    const c = await runTraining(t.store, request("resnet8", 8, { epochs: "2" }));
    expect([a.status, b.status, c.status]).toEqual(["finished", "finished", "finished"]);
    const [pa, pb, pc] = await Promise.all([a, b, c].map((r) => allPoints(t.store, r.runId)));
    expect(pa!.length).toBeGreaterThan(20);
    expect(pb).toEqual(pa);
    expect(pc).not.toEqual(pa);
    const weights = async (runId: number) => decodeCheckpoint((await loadCheckpoint(t.store, runId))!.data).weights;
    expect(await weights(b.runId)).toEqual(await weights(a.runId));
    expect(await weights(c.runId)).not.toEqual(await weights(a.runId));
    const run = (await findRuns(t.store, { id: a.runId }))[0]!;
    expect(run.status).toBe("finished");
    expect(run.epochsDone).toBe(2);
    expect(run.params).toBe(a.params);
    expect(run.valTop1).toBeCloseTo(a.summary.val!.top1!, 10);
    expect((run.environment as { backend: string }).backend).toBe("wasm");
  });

  it("resumes an interrupted run from its last epoch checkpoint and ends with the same metrics", async () => {
    const whole = await runTraining(t.store, request("resnet8", 3, { epochs: "3" }));
    const stop = new AbortController();
    const cut = await runTraining(t.store, {
      ...request("resnet8", 3, { epochs: "3" }),
      signal: stop.signal,
      onProgress: (p) => {
        if (p.epoch === 2 && p.step === 2) stop.abort();
      },
    });
    expect(cut.status).toBe("interrupted");
    expect(cut.epochsDone).toBe(1);
    expect(cut.reason).toMatch(/resume with: seedscope run --resume \d+/);
    const resumed = await resumeTraining(t.store, cut.runId);
    expect(resumed.status).toBe("finished");
    expect(resumed.summary).toEqual(whole.summary);
    expect(await allPoints(t.store, cut.runId)).toEqual(await allPoints(t.store, whole.runId));
    const events = (await findRuns(t.store, { id: cut.runId }))[0]!.events;
    expect(events.map((e) => e.status)).toEqual(["running", "interrupted", "running", "finished"]);
  });

  it("ends a run whose loss becomes NaN as diverged, naming the step", async () => {
    const result = await runTraining(t.store, request("resnet8", 1, { "optimizer.lr": "1e30", epochs: "1" }));
    expect(result.status).toBe("diverged");
    expect(result.reason).toMatch(/training loss became (NaN|Infinity) at step \d+ \(epoch 1\)/);
    const run = (await findRuns(t.store, { id: result.runId }))[0]!;
    expect(run.status).toBe("diverged");
  });
});

// What these check does not depend on the store, and they are the slowest tests: they run in the
// embedded pass only (the PostgreSQL pass reports them as skipped).
describe.runIf(TEST_BACKEND === "pglite")(
  "every architecture family learns (embedded store pass)",
  { timeout: 600_000 },
  () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await openTestStore();
    });
    afterAll(() => t.dispose());

    for (const arch of ["resnet20", "vit-tiny", "cait-xxs", "resmlp-s", "pcn-s"]) {
      it(`trains ${arch} for one epoch on the built-in digits and beats chance on val and v2`, async () => {
        const result = await runTraining(t.store, request(arch, 0, { epochs: "1" }, { trainSize: 1500 }));
        expect(result.status).toBe("finished");
        // 10 classes: chance is 10 % top-1; on 1,500 images chance's std is 0.8 point, so 15 % is far above it.
        expect(result.summary.val!.top1!).toBeGreaterThan(15);
        expect(result.summary.v2!.top1!).toBeGreaterThan(15);
      });
    }
  },
);
