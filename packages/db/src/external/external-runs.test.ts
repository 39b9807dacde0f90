import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { externalRecipeBody } from "@seedscope/core";
import { storedRecipeHash } from "@seedscope/recipes";
import { resumeRun } from "../runs";
import { clientsOf } from "../store-clients";
import { groupSeeds } from "../read/group-seeds";
import { openTestStore, TEST_BACKEND, type TestStore } from "../testing";
import { AlreadyExistsError, ConflictError, NotFoundError } from "./errors";
import {
  createExternalRun,
  externalMetricHistory,
  getExternalRun,
  interruptSilentExternalRuns,
  listExternalRuns,
  logExternalMetrics,
  logExternalParams,
  setExternalTags,
  updateExternalRun,
} from "./external-runs";
import { importRun } from "./import-run";
import { createExternalStudy, ensureExternalStudy, getExternalStudy } from "./studies";

describe(`runs logged from outside seedscope (${TEST_BACKEND})`, () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore();
  });
  afterAll(() => t.dispose());

  it("an outside study has a unique name; a missing one is a NotFoundError", async () => {
    const study = await createExternalStudy(t.store, { name: "deit-seeds", source: "mlflow" });
    await expect(createExternalStudy(t.store, { name: "deit-seeds", source: "mlflow" })).rejects.toThrow(
      AlreadyExistsError,
    );
    expect((await ensureExternalStudy(t.store, { name: "deit-seeds", source: "import" })).id).toBe(study.id);
    await expect(getExternalStudy(t.store, { name: "nope" })).rejects.toThrow(NotFoundError);
    await expect(getExternalStudy(t.store, { id: 2 ** 40 })).rejects.toThrow(NotFoundError);
  });

  it("params become an external recipe without the seed: runs differing only by seed share it and form a group", async () => {
    const study = await createExternalStudy(t.store, { name: "group", source: "mlflow" });
    const ids: number[] = [];
    for (const seed of [0, 1, 2]) {
      const { id } = await createExternalRun(t.store, { studyId: study.id, source: "mlflow", externalKey: `k${seed}` });
      await logExternalParams(t.store, id, { lr: "0.001", model: "deit_tiny", data_set: "IMNET" });
      await logExternalParams(t.store, id, { seed: String(seed) });
      const points = [1, 2, 3].flatMap((step) => [
        { key: "val/top1", step, value: 70 + step + seed / 10 },
        { key: "v2/top1", step, value: 60 + step },
      ]);
      await logExternalMetrics(t.store, id, points);
      await updateExternalRun(t.store, id, { status: "finished", endTime: new Date() });
      ids.push(id);
    }
    const runs = await Promise.all(ids.map((id) => getExternalRun(t.store, id)));
    const hash = storedRecipeHash(
      externalRecipeBody({ lr: "0.001", model: "deit_tiny", data_set: "IMNET" }) as unknown as Record<string, unknown>,
    );
    expect(runs.map((r) => [r.recipeHash, r.seed, r.arch, r.dataset, r.status])).toEqual([
      [hash, 0, "deit_tiny", "IMNET", "finished"],
      [hash, 1, "deit_tiny", "IMNET", "finished"],
      [hash, 2, "deit_tiny", "IMNET", "finished"],
    ]);
    expect(runs[2]!.params).toEqual({ lr: "0.001", model: "deit_tiny", data_set: "IMNET", seed: 2 });
    const group = await groupSeeds(t.store, {
      recipeHash: hash,
      arch: "deit_tiny",
      dataset: "IMNET",
      sweepId: study.id,
    });
    expect(group.seeds.map((s) => [s.seed, s.val, s.v2])).toEqual([
      [0, 73, 63],
      [1, 73.1, 63],
      [2, 73.2, 63],
    ]);
  });

  it("a param cannot change; the same value again is fine; a retried metric batch replaces, never duplicates", async () => {
    const { id } = await createExternalRun(t.store, { studyId: null, source: "mlflow", externalKey: "retry" });
    await logExternalParams(t.store, id, { seed: "7", lr: "0.1" });
    await logExternalParams(t.store, id, { seed: 7, lr: "0.1" });
    await expect(logExternalParams(t.store, id, { lr: "0.2" })).rejects.toThrow(ConflictError);
    const batch = [
      { key: "val/top1", step: 1, value: 10 },
      { key: "val/top1", step: 2, value: 20 },
    ];
    await logExternalMetrics(t.store, id, batch);
    await logExternalMetrics(t.store, id, batch);
    await logExternalMetrics(t.store, id, [{ key: "val/top1", step: 2, value: 25 }]);
    expect(await externalMetricHistory(t.store, id, "val/top1")).toEqual([
      { step: 1, value: 10 },
      { step: 2, value: 25 },
    ]);
    const run = await getExternalRun(t.store, id);
    expect(run.latestMetrics).toEqual([{ key: "val/top1", step: 2, value: 25 }]);
    const [row] = await clientsOf(t.store).sql.query<{ valTop1: number; epochsDone: number }>(
      `SELECT "valTop1", "epochsDone" FROM "Run" WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ valTop1: 25, epochsDone: 2 });
  });

  it("a silent client's run shows as interrupted, comes back on its next write, and is never resumed by seedscope", async () => {
    const { id } = await createExternalRun(t.store, { studyId: null, source: "mlflow", externalKey: "silent" });
    await clientsOf(t.store).sql.query(
      `UPDATE "Run" SET "heartbeatAt" = "heartbeatAt" - interval '2 hours' WHERE id = $1`,
      [id],
    );
    expect(await interruptSilentExternalRuns(t.store, 3_600_000)).toContain(id);
    expect((await getExternalRun(t.store, id)).status).toBe("interrupted");
    await expect(resumeRun(t.store, id)).rejects.toThrow(/logged from outside seedscope/);
    await setExternalTags(t.store, id, { "mlflow.runName": "back" });
    const back = await getExternalRun(t.store, id);
    expect([back.status, back.name, back.tags]).toEqual(["running", "back", { "mlflow.runName": "back" }]);
  });

  it("importing the same run twice changes nothing; a grown file updates it", async () => {
    const study = await ensureExternalStudy(t.store, { name: "imports", source: "import" });
    const input = {
      source: "import:deit-log",
      externalKey: "logs/seed1/log.txt",
      studyId: study.id,
      name: "seed1",
      params: { seed: 1, model: "deit_small" },
      points: [{ key: "val/top1", step: 1, value: 50 }],
    };
    const first = await importRun(t.store, input);
    expect(first.outcome).toBe("created");
    expect(await importRun(t.store, input)).toEqual({ id: first.id, outcome: "unchanged" });
    const grown = { ...input, points: [...input.points, { key: "val/top1", step: 2, value: 60 }] };
    expect(await importRun(t.store, grown)).toEqual({ id: first.id, outcome: "updated" });
    const runs = await listExternalRuns(t.store, { studyIds: [study.id] });
    expect(runs.map((r) => [r.id, r.seed, r.status, r.latestMetrics])).toEqual([
      [first.id, 1, "finished", [{ key: "val/top1", step: 2, value: 60 }]],
    ]);
  });
});
