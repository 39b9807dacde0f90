import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitEpoch, loadCheckpoint } from "./checkpoints";
import { createRecipe } from "./recipes";
import { finishRun, markStaleRunsInterrupted, resumeRun, startRun } from "./runs";
import { metricSeries } from "./queries";
import { openTestStore, TEST_BACKEND, type TestStore } from "./testing";
import { clientsOf } from "./store-clients";

describe(`epoch commits and checkpoints on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let recipeHash: string;
  beforeAll(async () => {
    t = await openTestStore();
    recipeHash = (await createRecipe(t.store, { body: { epochs: 2 } })).hash;
  });
  afterAll(() => t.dispose());

  const bytes = (n: number, fill: number) => new Uint8Array(n).map((_, i) => (i * 31 + fill) & 255);

  it("stores an epoch's metrics, checkpoint and progress together and keeps only the latest checkpoint", async () => {
    const { id } = await startRun(t.store, { recipeHash, arch: "resnet20", dataset: "digits", seed: 0 });
    expect(await loadCheckpoint(t.store, id)).toBeNull();
    expect(
      await commitEpoch(t.store, id, null, {
        epochsDone: 1,
        points: [{ key: "val/top1", step: 1, value: 0.5 }],
        checkpoint: bytes(70_000, 1),
      }),
    ).toBe(true);
    expect(
      await commitEpoch(t.store, id, null, {
        epochsDone: 2,
        points: [{ key: "val/top1", step: 2, value: 0.6 }],
        checkpoint: bytes(50_000, 2),
        throughput: 900,
      }),
    ).toBe(true);
    const saved = await loadCheckpoint(t.store, id);
    expect(saved?.epochsDone).toBe(2);
    expect(saved?.data).toEqual(bytes(50_000, 2));
    expect((await metricSeries(t.store, id, "val/top1")).map((p) => p.value)).toEqual([0.5, 0.6]);
    const run = await clientsOf(t.store).prisma.run.findUniqueOrThrow({ where: { id } });
    expect([run.epochsDone, run.throughput]).toEqual([2, 900]);
  });

  it("writes nothing for a run that is no longer running, and resumes an interrupted one", async () => {
    const { id } = await startRun(t.store, { recipeHash, arch: "resnet20", dataset: "digits", seed: 1 });
    await commitEpoch(t.store, id, null, { epochsDone: 1, points: [], checkpoint: bytes(10, 3) });
    expect(await markStaleRunsInterrupted(t.store, 0)).toContain(id);
    expect(
      await commitEpoch(t.store, id, null, {
        epochsDone: 2,
        points: [{ key: "val/top1", step: 2, value: 1 }],
        checkpoint: bytes(10, 4),
      }),
    ).toBe(false);
    expect((await loadCheckpoint(t.store, id))?.epochsDone).toBe(1);
    expect(await metricSeries(t.store, id, "val/top1")).toEqual([]);
    expect(await resumeRun(t.store, id, { worker: "w2" })).toMatchObject({ epochsDone: 1 });
    await expect(resumeRun(t.store, id)).rejects.toThrow(/run \d+ is running in another process/);
    expect(await commitEpoch(t.store, id, null, { epochsDone: 2, points: [], checkpoint: bytes(10, 5) })).toBe(true);
    await finishRun(t.store, id, { status: "finished" });
    await expect(resumeRun(t.store, id)).rejects.toThrow(/is finished/);
  });
});
