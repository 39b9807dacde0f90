import MLflow from "mlflow";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SeedStudy } from "@seedscope/db";
import { openTestStore, TEST_BACKEND, type TestStore } from "@seedscope/db/testing";
import { apiQuery } from "./dashboard-api";
import { type MlflowTestServer, serveMlflow } from "./helpers/mlflow-server";

/*
 * A client written by others — the `mlflow` package on npm, a Node.js MLflow REST client — logs a seed
 * study the way a training script does (an experiment, one run per seed with its params, batched metrics
 * per epoch, the status at the end), and the dashboard's seed-study view then shows the seeds as one group.
 */

const SEEDS = [0, 1, 2, 3];
const EPOCHS = 5;
/** What a seed's run reaches at an epoch (val and the held-out v2 split, as fractions). */
const val = (seed: number, epoch: number) => 0.5 + epoch * 0.04 + seed * 0.003;
const v2 = (seed: number, epoch: number) => 0.45 + epoch * 0.035 + seed * 0.002;
const TOKEN = "client-test-token-0123456789";

describe(`the mlflow npm client logs a seed study into seedscope (${TEST_BACKEND})`, () => {
  let t: TestStore;
  let server: MlflowTestServer;
  let client: MLflow;

  beforeAll(async () => {
    t = await openTestStore();
    // Bound beyond loopback as far as the guard knows: every request needs the token.
    server = await serveMlflow(t.store, { boundHost: "0.0.0.0", token: TOKEN, publicRead: true });
    client = new MLflow({ endpoint: server.url, headers: { Authorization: `Bearer ${TOKEN}` } });
    // The package prints every POST body it sends.
    vi.spyOn(console, "log").mockImplementation(() => {});
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await server?.close();
    await t?.dispose();
  });

  it("experiment, runs for 4 seeds with params, batched metrics (val and v2), FINISHED; the seed study groups them", async () => {
    const { experiment_id } = (await client.Experiments.create({ name: "deit-tiny seeds", artifact_location: "" })) as {
      experiment_id: string;
    };
    const runIds: string[] = [];
    for (const seed of SEEDS) {
      const { run } = await client.Runs.create({
        experiment_id,
        user_id: "ana",
        start_time: Date.now(),
        tags: [{ key: "mlflow.runName", value: `deit-tiny-s${seed}` }],
      });
      const run_id = run.info.run_id;
      runIds.push(run_id);
      await client.Runs.logBatch({
        run_id,
        params: [
          { key: "model", value: "deit_tiny_patch16_224" },
          { key: "data_set", value: "IMNET" },
          { key: "lr", value: "0.0005" },
          { key: "epochs", value: String(EPOCHS) },
        ],
      });
      await client.Runs.logParameter({ run_id, key: "seed", value: String(seed) });
      for (let epoch = 1; epoch <= EPOCHS; epoch++) {
        const timestamp = Date.now();
        await client.Runs.logBatch({
          run_id,
          metrics: [
            { key: "test_acc1", value: val(seed, epoch), timestamp, step: epoch },
            { key: "imagenetv2_acc1", value: v2(seed, epoch), timestamp, step: epoch },
            { key: "train_loss", value: 2 - epoch * 0.2, timestamp, step: epoch },
          ],
        });
        await client.Runs.logMetric({ run_id, key: "lr", value: 5e-4 / epoch, timestamp, step: epoch });
      }
      // A retried last batch (the script's connection dropped) replaces, never duplicates.
      await client.Runs.logBatch({
        run_id,
        metrics: [{ key: "test_acc1", value: val(seed, EPOCHS), timestamp: Date.now(), step: EPOCHS }],
      });
      await client.Runs.update({ run_id, status: "FINISHED" as never, end_time: Date.now() });
    }

    const { runs } = await client.Runs.search({ experiment_ids: [experiment_id], order_by: ["params.seed ASC"] });
    expect(runs.map((r) => [r.info.status, r.data.params.find((p) => p.key === "seed")?.value])).toEqual(
      SEEDS.map((seed) => ["FINISHED", String(seed)]),
    );
    const history = (await client.Metrics.getHistory({ run_id: runIds[2]!, metric_key: "test_acc1" })) as {
      metrics: { key: string; value: number; step: number }[];
    };
    expect(history.metrics.map((m) => [m.key, m.step, m.value])).toEqual(
      Array.from({ length: EPOCHS }, (_, i) => ["test_acc1", i + 1, val(2, i + 1)]),
    );
    const got = await client.Runs.get({ run_id: runIds[1]! });
    expect(got.run.data.metrics.find((m) => m.key === "v2/top1")).toMatchObject({ value: v2(1, EPOCHS), step: EPOCHS });

    // The dashboard's seed-study view (the tRPC query its page uses), read without a token (--public-read).
    const study = await apiQuery<SeedStudy>(server.url, "sweeps.study", { sweepId: Number(experiment_id) });
    expect(study.groups).toHaveLength(1);
    expect(study.group).toMatchObject({ finished: SEEDS.length });
    expect(study.group!.label).toMatch(/deit_tiny_patch16_224/);
    expect(study.lastEpoch).toBe(EPOCHS);
    const cloud = [...study.cloud.points].sort((a, b) => a.seed - b.seed);
    expect(cloud.map((p) => p.seed)).toEqual(SEEDS);
    for (const p of cloud) {
      expect(p.val).toBeCloseTo(val(p.seed, EPOCHS), 12);
      expect(p.v2).toBeCloseTo(v2(p.seed, EPOCHS), 12);
    }
    const valSplit = study.splits.find((s) => s.split === "val")!.summary;
    // Seed 0 is the reference seed: in the statistics of the others or held out of them, as the view says.
    expect(valSplit.referenceValue).toBeCloseTo(val(0, EPOCHS), 12);
    const counted = valSplit.n === SEEDS.length ? SEEDS : SEEDS.slice(1);
    expect(valSplit.n).toBe(counted.length);
    expect(valSplit.mean).toBeCloseTo(counted.reduce((s, seed) => s + val(seed, EPOCHS), 0) / counted.length, 12);
    const bands = study.epochs.find((e) => e.split === "v2")!.points;
    expect(bands).toHaveLength(EPOCHS);
  });
});
