import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitEpoch } from "./checkpoints";
import { createRecipe } from "./recipes";
import { finishRun, heartbeat, resumeRun, startRun } from "./runs";
import { claimRun, findOrCreateSweep, planSweepRuns } from "./sweeps";
import { metricPoints, openTestStore, TEST_BACKEND, type TestStore } from "./testing";
import { clientsOf } from "./store-clients";

const epoch = (epochsDone: number) => ({
  epochsDone,
  points: [{ key: "val/top1", step: epochsDone, value: 10 * epochsDone }],
  checkpoint: new Uint8Array([epochsDone]),
});

/** Ages a run's heartbeat as if its process had been silent for `seconds`. */
async function silence(t: TestStore, runId: number, seconds: number): Promise<void> {
  await clientsOf(t.store).sql.query(
    `UPDATE "Run" SET "heartbeatAt" = "heartbeatAt" - make_interval(secs => $2) WHERE id = $1`,
    [runId, seconds],
  );
}

describe(`fencing: a run's writes carry the lease of the process that holds it (${TEST_BACKEND})`, () => {
  let t: TestStore;
  let recipeHash: string;
  beforeAll(async () => {
    t = await openTestStore();
    recipeHash = (await createRecipe(t.store, { body: { fencing: true } })).hash;
  });
  afterAll(() => t.dispose());

  it("stops a paused process whose run was resumed elsewhere: it writes nothing", async () => {
    const first = await startRun(t.store, { recipeHash, arch: "a", dataset: "d", seed: 1 });
    expect(await commitEpoch(t.store, first.id, first.lease, epoch(1))).toBe(true);
    // A fresh heartbeat: nobody may take the run.
    await expect(resumeRun(t.store, first.id, { staleMs: 60_000 })).rejects.toThrow(
      /is running in another process \(its last heartbeat was \d+ s ago\)/,
    );
    // The process is paused past the limit; `run --resume` takes the run over with a new lease.
    await silence(t, first.id, 120);
    const second = await resumeRun(t.store, first.id, { staleMs: 60_000 });
    expect(second).toEqual({ epochsDone: 1, lease: first.lease + 1 });
    // The first process wakes up: each of its writes is refused and changes nothing.
    expect(await heartbeat(t.store, first.id, first.lease)).toBe(false);
    expect(await commitEpoch(t.store, first.id, first.lease, epoch(2))).toBe(false);
    await expect(finishRun(t.store, first.id, { status: "finished" }, first.lease)).rejects.toThrow(
      /was taken over by another process/,
    );
    expect(await metricPoints(t.store, first.id, { keys: ["val/top1"] })).toEqual([
      { key: "val/top1", step: 1, value: 10 },
    ]);
    // The new holder goes on as if nothing happened.
    expect(await heartbeat(t.store, first.id, second.lease)).toBe(true);
    expect(await commitEpoch(t.store, first.id, second.lease, epoch(2))).toBe(true);
    await finishRun(t.store, first.id, { status: "finished", epochsDone: 2 }, second.lease);
    expect((await metricPoints(t.store, first.id, { keys: ["val/top1"] })).map((p) => p.step)).toEqual([1, 2]);
  });

  it("raises the lease each time a sweep worker claims a run", async () => {
    const { id } = await findOrCreateSweep(t.store, { plan: { fencing: "sweep" }, launchedBy: "test" });
    const [runId] = await planSweepRuns(t.store, id, [{ recipeHash, arch: "a", dataset: "d", seed: 2 }]);
    const fresh = await claimRun(t.store, runId!, "w1", 60_000);
    expect(fresh.kind).toBe("fresh");
    await silence(t, runId!, 120);
    const taken = await claimRun(t.store, runId!, "w2", 60_000);
    expect(taken.kind).toBe("resume");
    if (fresh.kind !== "fresh" || taken.kind !== "resume") return;
    expect(taken.lease).toBe(fresh.lease + 1);
    expect(await commitEpoch(t.store, runId!, fresh.lease, epoch(1))).toBe(false);
    expect(await commitEpoch(t.store, runId!, taken.lease, epoch(1))).toBe(true);
  });
});
