import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { externalMetricHistory, getExternalRun, getExternalStudy, groupSeeds, listExternalRuns } from "@seedscope/db";
import { openTestStore, TEST_BACKEND, type TestStore } from "@seedscope/db/testing";
import { init } from "./init";
import { ClientRun } from "./run";
import { StoreTransport } from "./store-transport";
import type { ClientPoint, Transport } from "./transport";

const CONFIG = { lr: 0.01, model: "resnet8", dataset: "digits", augment: { crop: [0.35, 1] } };

/** Final val_acc of seed s at epoch e: distinct per seed and epoch, so a lost or doubled point shows. */
const valAcc = (seed: number, epoch: number) => 40 + epoch * 5 + seed / 10;

describe(`@seedscope/client straight into a store (${TEST_BACKEND})`, () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(() => t?.dispose());

  it("three seeds of one config logged per epoch form one seed group; names go through the alias table", async () => {
    const ids: number[] = [];
    for (const seed of [0, 1, 2]) {
      const run = await init({
        config: CONFIG,
        seed,
        study: "client study",
        name: `seed ${seed}`,
        tags: { script: "train.ts" },
        store: t.store,
        // Every 4 points a batch: epochs are split across batches.
        batch: { maxPoints: 4, intervalMs: 60_000 },
      });
      for (let epoch = 1; epoch <= 5; epoch++)
        await run.log({ val_acc: valAcc(seed, epoch), v2_top1: valAcc(seed, epoch) - 8, loss: 2 / epoch }, epoch);
      await run.finish();
      ids.push(Number(run.id));
    }
    const study = await getExternalStudy(t.store, { name: "client study" });
    expect(study.source).toBe("client");
    const runs = await listExternalRuns(t.store, { studyIds: [study.id] });
    expect(runs.map((r) => [r.source, r.name, r.seed, r.status]).reverse()).toEqual([
      ["client", "seed 0", 0, "finished"],
      ["client", "seed 1", 1, "finished"],
      ["client", "seed 2", 2, "finished"],
    ]);
    expect(new Set(runs.map((r) => r.recipeHash)).size).toBe(1);
    const first = await getExternalRun(t.store, ids[0]!);
    expect(first.params).toEqual({ ...CONFIG, seed: 0 });
    expect(first.tags).toEqual({ script: "train.ts" });
    expect(first.latestMetrics.map((m) => m.key).sort()).toEqual(["train/loss", "v2/top1", "val/top1"]);
    const group = await groupSeeds(t.store, {
      recipeHash: first.recipeHash,
      arch: "resnet8",
      dataset: "digits",
      sweepId: study.id,
    });
    expect(group.seeds.map((s) => [s.seed, s.val, s.v2])).toEqual(
      [0, 1, 2].map((seed) => [seed, valAcc(seed, 5), valAcc(seed, 5) - 8]),
    );
  });

  it("flushes every intervalMs without waiting for a full batch; a seedless run is stored without a seed", async () => {
    const run = await init({ config: CONFIG, study: "client study", store: t.store, batch: { intervalMs: 50 } });
    await run.log({ val_acc: 10 }, 1);
    await expect
      .poll(() => externalMetricHistory(t.store, Number(run.id), "val/top1"), { timeout: 5_000 })
      .toEqual([{ step: 1, value: 10 }]);
    await run.finish("failed");
    const stored = await getExternalRun(t.store, Number(run.id));
    expect([stored.seed, stored.status]).toEqual([null, "failed"]);
  });

  it("a batch retried after its first attempt was stored but the connection broke is stored once", async () => {
    const real = await StoreTransport.open(t.store);
    let breaks = 2;
    const attempts: number[] = [];
    // The store's real writes; the first two answers lost as a dropped connection would lose them.
    const flaky: Transport = {
      start: (run) => real.start(run),
      finish: (id, status) => real.finish(id, status),
      close: () => real.close(),
      isTransient: (error) => real.isTransient(error),
      async logMetrics(id: string, points: readonly ClientPoint[]) {
        attempts.push(points.length);
        await real.logMetrics(id, points);
        if (breaks-- > 0) throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" });
      },
    };
    const id = await flaky.start({
      study: "client study",
      config: CONFIG,
      seed: 9,
      seedParam: "seed",
      name: null,
      tags: {},
    });
    const run = new ClientRun(id, flaky, { initialDelayMs: 10 }, { maxPoints: 1_000 });
    for (let epoch = 1; epoch <= 3; epoch++) await run.log({ val_acc: valAcc(9, epoch) }, epoch);
    await run.finish();
    expect(attempts).toEqual([3, 3, 3]);
    expect(await externalMetricHistory(t.store, Number(id), "val/top1")).toEqual(
      [1, 2, 3].map((step) => ({ step, value: valAcc(9, step) })),
    );
    expect((await getExternalRun(t.store, Number(id))).status).toBe("finished");
  });

  it("refuses a bad seed, step or value with one sentence; an error that is not transient is not retried", async () => {
    await expect(init({ config: CONFIG, seed: -1, study: "s", store: t.store })).rejects.toThrow(
      /seed must be a whole number/,
    );
    const run = await init({ config: CONFIG, seed: 1, study: "client study", store: t.store });
    await expect(run.log({ val_acc: 1 }, 1.5)).rejects.toThrow(/step must be a whole number/);
    await expect(run.log({ val_acc: "high" as unknown as number }, 1)).rejects.toThrow(/must be a number/);
    await run.finish();
    // A finished run takes no more points.
    await expect(run.log({ val_acc: 1 }, 2)).rejects.toThrow(/after finish/);
  });
});
