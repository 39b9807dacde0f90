import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "@seedscope/core";
import { createRecipe } from "./recipes";
import { finishRun, heartbeat, markStaleRunsInterrupted, startRun } from "./runs";
import { logMetrics } from "./metrics";
import { getRun, listRuns, metricSeries } from "./queries";
import { openTestStore, TEST_BACKEND, type TestStore } from "./testing";
import { clientsOf } from "./store-clients";

describe(`run-logging API on ${TEST_BACKEND}`, () => {
  let t: TestStore;
  let recipeHash: string;
  beforeAll(async () => {
    t = await openTestStore();
    recipeHash = (await createRecipe(t.store, { body: { optimizer: "adamw", lr: 1e-3, epochs: 3 }, name: "tiny" }))
      .hash;
  });
  afterAll(() => t.dispose());

  const newRun = (seed: number) => startRun(t.store, { recipeHash, arch: "resnet20", dataset: "digits", seed });
  const count = async (runId: number) =>
    (
      await clientsOf(t.store).sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Metric" WHERE "runId" = $1`, [
        runId,
      ])
    )[0]!.n;

  it("stores a recipe once under its content hash, whatever the key order", async () => {
    const again = await createRecipe(t.store, { body: { epochs: 3, lr: 1e-3, optimizer: "adamw" } });
    expect(again).toEqual({ hash: recipeHash, created: false });
    const child = await createRecipe(t.store, {
      body: { optimizer: "adamw", lr: 2e-3, epochs: 3 },
      parentHash: recipeHash,
    });
    expect(child.created).toBe(true);
    const stored = await clientsOf(t.store).prisma.recipe.findUniqueOrThrow({ where: { hash: child.hash } });
    expect(stored.parentHash).toBe(recipeHash);
    expect(stored.body).toEqual({ epochs: 3, lr: 2e-3, optimizer: "adamw" });
    expect((await clientsOf(t.store).prisma.recipe.findUniqueOrThrow({ where: { hash: recipeHash } })).name).toBe(
      "tiny",
    );
  });

  it("never duplicates a point when a batch is retried", async () => {
    const { id } = await newRun(0);
    const batch = Array.from({ length: 300 }, (_, i) => ({
      key: i % 2 ? "val/top1" : "train/loss",
      step: i >> 1,
      value: i / 7,
    }));
    expect(await logMetrics(t.store, id, batch)).toBe(300);
    expect(await logMetrics(t.store, id, batch)).toBe(300);
    await logMetrics(t.store, id, batch.slice(100, 200));
    expect(await count(id)).toBe(300);
    const series = await metricSeries(t.store, id, "val/top1");
    expect(series).toHaveLength(150);
    expect(series[10]).toEqual({ step: 10, value: 21 / 7 });
  });

  it("keeps the last value for a repeated (key, step) and stores NaN and infinities", async () => {
    const { id } = await newRun(1);
    await logMetrics(t.store, id, [
      { key: "train/loss", step: 0, value: 1 },
      { key: "train/loss", step: 0, value: 2 },
      { key: "train/loss", step: 1, value: Number.NaN },
      { key: "train/loss", step: 2, value: Number.POSITIVE_INFINITY },
    ]);
    const series = await metricSeries(t.store, id, "train/loss");
    expect(series.map((p) => p.value)).toEqual([2, Number.NaN, Number.POSITIVE_INFINITY]);
    // A resumed run that recomputes an epoch overwrites it rather than adding a row.
    await logMetrics(t.store, id, [{ key: "train/loss", step: 0, value: 3 }]);
    expect((await metricSeries(t.store, id, "train/loss"))[0]!.value).toBe(3);
  });

  it("rolls a half-written batch back completely when the database fails mid-way", async () => {
    const { id } = await newRun(2);
    const { id: rewritten } = await newRun(7);
    const points = (value: number) =>
      Array.from({ length: 30_000 }, (_, step) => ({ key: "train/step_loss", step, value }));
    await logMetrics(t.store, rewritten, points(1));
    // A real failure inside PostgreSQL after 24,999 rows went in: on the COPY path (fresh points) and on
    // the upsert path (a rewrite of existing points, failing in its second 20,000-row statement).
    await clientsOf(t.store).sql.exec(`
      CREATE FUNCTION fail_at_step() RETURNS trigger AS $$
      BEGIN IF NEW.step = 24999 THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER fail_at_step BEFORE INSERT OR UPDATE ON "Metric" FOR EACH ROW EXECUTE FUNCTION fail_at_step();`);
    try {
      await expect(logMetrics(t.store, id, points(0))).rejects.toThrow(/disk full/);
      expect(await count(id)).toBe(0);
      await expect(logMetrics(t.store, rewritten, points(2))).rejects.toThrow(/disk full/);
      const values = await clientsOf(t.store).sql.query<{ v: number; n: number }>(
        `SELECT value AS v, count(*)::int AS n FROM "Metric" WHERE "runId" = $1 GROUP BY value`,
        [rewritten],
      );
      expect(values).toEqual([{ v: 1, n: 30_000 }]);
    } finally {
      await clientsOf(t.store).sql.exec(`DROP TRIGGER fail_at_step ON "Metric"; DROP FUNCTION fail_at_step();`);
    }
    expect(await logMetrics(t.store, id, [{ key: "train/step_loss", step: 24999, value: 1 }])).toBe(1);
  });

  it("rejects bad input naming the field, and writes nothing", async () => {
    const { id } = await newRun(3);
    const bad = logMetrics(t.store, id, [
      { key: "val/top1", step: 0, value: 0.5 },
      { key: "Val Top1", step: 1, value: 0.5 },
      { key: "val/top1", step: -2, value: 0.5 },
    ]);
    await expect(bad).rejects.toBeInstanceOf(UserError);
    await expect(bad).rejects.toThrow(/1\.key: use lower-case slash-separated names[\s\S]*2\.step: step must be ≥ 0/);
    expect(await count(id)).toBe(0);
    await expect(startRun(t.store, { recipeHash, arch: "", dataset: "digits", seed: 1.5 })).rejects.toThrow(
      /invalid run:\n {2}arch: name the architecture[\s\S]*seed: seeds are integers/,
    );
    await expect(
      startRun(t.store, { recipeHash: "f".repeat(64), arch: "vit-tiny", dataset: "digits", seed: 0 }),
    ).rejects.toThrow(/run\.recipeHash: no stored recipe/);
    await expect(logMetrics(t.store, 999_999, [{ key: "lr", step: 0, value: 1 }])).rejects.toThrow(
      /run 999999 does not exist/,
    );
  });

  it("finishes a run with its summary, once", async () => {
    const { id } = await newRun(4);
    expect(await heartbeat(t.store, id, null, { epochsDone: 2 })).toBe(true);
    await finishRun(t.store, id, {
      status: "finished",
      summary: { val: { top1: 91.5, loss: 0.3 }, v2: { top1: 90.25 } },
      epochsDone: 3,
    });
    const run = await getRun(t.store, id);
    expect(run).toMatchObject({ status: "finished", valTop1: 91.5, v2Top1: 90.25, epochsDone: 3 });
    expect(run!.events.map((e) => e.status)).toEqual(["running", "finished"]);
    expect(run!.finishedAt).toBeInstanceOf(Date);
    await expect(finishRun(t.store, id, { status: "failed" })).rejects.toThrow(/is finished, not running/);
    expect(await heartbeat(t.store, id, null)).toBe(false);
  });

  it("marks runs without a recent heartbeat as interrupted, using the database clock", async () => {
    const stale = await newRun(5);
    const alive = await newRun(6);
    await clientsOf(t.store).sql.query(
      `UPDATE "Run" SET "heartbeatAt" = "heartbeatAt" - interval '10 minutes' WHERE id = $1`,
      [stale.id],
    );
    const marked = await markStaleRunsInterrupted(t.store, 60_000);
    expect(marked).toContain(stale.id);
    expect(marked).not.toContain(alive.id);
    const run = await getRun(t.store, stale.id);
    expect(run!.status).toBe("interrupted");
    expect(run!.statusReason).toMatch(/no heartbeat for 60 s/);
    expect(run!.events.map((e) => e.status)).toEqual(["running", "interrupted"]);
    expect(await heartbeat(t.store, stale.id, null)).toBe(false);
    expect(await markStaleRunsInterrupted(t.store, 60_000)).toEqual([]);
  });

  it("lists runs filtered in the database", async () => {
    const all = await listRuns(t.store, { recipe: "tiny", limit: 3 });
    expect(all.total).toBeGreaterThanOrEqual(7);
    expect(all.rows).toHaveLength(3);
    expect(all.rows[0]!.id).toBeGreaterThan(all.rows[1]!.id);
    const finished = await listRuns(t.store, { status: "finished" });
    expect(finished.rows.every((r) => r.status === "finished")).toBe(true);
    expect(finished.total).toBe(1);
    await expect(listRuns(t.store, { status: "done" as never })).rejects.toThrow(/status/);
  });
});
