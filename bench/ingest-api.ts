// Ingest through the MLflow-compatible API: RUNS runs × EPOCHS epochs × 6 metrics logged with log-batch over
// HTTP (batches of 1,000, CONCURRENCY runs' scripts logging at once), beside the direct db path
// (logExternalMetrics, the same batches) and one PostgreSQL COPY FROM STDIN of every point, in one process.
// PostgreSQL when DATABASE_URL is set (a throw-away database), else the embedded store (which cannot COPY).
//   npx tsx bench/ingest-api.ts [runs=100] [epochs=300] [concurrency=4]
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { createExternalRun, createExternalStudy, logExternalMetrics, openStore, type Store } from "@seedscope/db";
import { createThrowawayDatabase, tableRowCounts } from "@seedscope/db/testing";
import { createMlflowHandler, guardRequest, MLFLOW_MAX_BODY_BYTES, TRPC_PATH } from "@seedscope/web/server";

const RUNS = Number(process.argv[2] ?? 100);
const EPOCHS = Number(process.argv[3] ?? 300);
const CONCURRENCY = Number(process.argv[4] ?? 4);
const BATCH = 1_000;
/** MLflow names as a PyTorch script logs them, and the seedscope keys they are stored under. */
const NAMES = ["train_loss", "lr", "test_acc1", "test_loss", "v2/test_acc1", "v2/test_loss"];
const KEYS = ["train/loss", "lr", "val/top1", "val/loss", "v2/top1", "v2/loss"];
const POINTS = RUNS * EPOCHS * NAMES.length;

const value = (run: number, epoch: number, m: number) => Math.sin(run * 1_000 + epoch * 7 + m);

/** One run's points in epoch order, cut into batches of 1,000 (as a script flushing its buffer would). */
function batches<T>(point: (epoch: number, m: number) => T): T[][] {
  const all: T[] = [];
  for (let epoch = 1; epoch <= EPOCHS; epoch++) for (let m = 0; m < NAMES.length; m++) all.push(point(epoch, m));
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += BATCH) out.push(all.slice(i, i + BATCH));
  return out;
}

/** Runs `work` for every run, `CONCURRENCY` runs at a time; returns the seconds taken. */
async function timed(
  runIds: readonly number[],
  work: (runId: number, index: number) => Promise<void>,
): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < runIds.length) {
        const index = next++;
        await work(runIds[index]!, index);
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

async function newRuns(store: Store, label: string): Promise<number[]> {
  const study = await createExternalStudy(store, { name: `bench ${label} ${Date.now()}`, source: "bench" });
  const ids: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const { id } = await createExternalRun(store, {
      studyId: study.id,
      source: "mlflow",
      externalKey: `${label}-${r}`,
      params: { model: "deit_tiny", seed: r },
    });
    ids.push(id);
  }
  return ids;
}

async function metricRows(store: Store): Promise<number> {
  return (await tableRowCounts(store)).Metric ?? 0;
}

async function overHttp(store: Store): Promise<number> {
  const handler = createMlflowHandler(store);
  const guard = {
    host: "127.0.0.1",
    token: null,
    apiPath: TRPC_PATH,
    mlflow: { writeToken: null, maxBodyBytes: MLFLOW_MAX_BODY_BYTES },
  };
  const server = createServer((req, res) => {
    if (!guardRequest(req, res, guard)) handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/2.0/mlflow`;
  const post = async (endpoint: string, body: unknown) => {
    const response = await fetch(`${base}/${endpoint}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${endpoint}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  try {
    const { experiment_id } = (await post("experiments/create", { name: `bench http ${Date.now()}` })) as {
      experiment_id: string;
    };
    const runIds: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const { run } = (await post("runs/create", { experiment_id, start_time: Date.now() })) as {
        run: { info: { run_id: string } };
      };
      await post("runs/log-batch", {
        run_id: run.info.run_id,
        params: [
          { key: "model", value: "deit_tiny" },
          { key: "seed", value: String(r) },
        ],
      });
      runIds.push(Number(run.info.run_id));
    }
    const timestamp = Date.now();
    return await timed(runIds, async (runId, r) => {
      for (const metrics of batches((epoch, m) => ({
        key: NAMES[m]!,
        value: value(r, epoch, m),
        timestamp,
        step: epoch,
      })))
        await post("runs/log-batch", { run_id: String(runId), metrics });
    });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function direct(store: Store): Promise<number> {
  const runIds = await newRuns(store, "direct");
  return timed(runIds, async (runId, r) => {
    for (const points of batches((epoch, m) => ({ key: KEYS[m]!, step: epoch, value: value(r, epoch, m) })))
      await logExternalMetrics(store, runId, points);
  });
}

async function copy(store: Store, url: string): Promise<number> {
  const runIds = await newRuns(store, "copy");
  const t0 = performance.now();
  let text = "";
  runIds.forEach((runId, r) => {
    for (let epoch = 1; epoch <= EPOCHS; epoch++)
      for (let m = 0; m < KEYS.length; m++) text += `${runId}\t${KEYS[m]}\t${epoch}\t${value(r, epoch, m)}\n`;
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await pipeline(
      Readable.from([text]),
      client.query(copyFrom(`COPY "Metric" ("runId", key, step, value) FROM STDIN`)),
    );
  } finally {
    await client.end();
  }
  return (performance.now() - t0) / 1000;
}

async function bench(label: string, store: Store, url: string | null): Promise<void> {
  const results: [string, number][] = [];
  const check = async (name: string, before: number, seconds: number) => {
    const added = (await metricRows(store)) - before;
    if (added !== POINTS) throw new Error(`${name}: expected ${POINTS} new rows, found ${added}`);
    results.push([name, POINTS / seconds]);
  };
  let before = await metricRows(store);
  await check(`HTTP log-batch (${CONCURRENCY} clients)`, before, await overHttp(store));
  before = await metricRows(store);
  await check(`db logExternalMetrics (${CONCURRENCY})`, before, await direct(store));
  if (url !== null) {
    before = await metricRows(store);
    await check("PostgreSQL COPY (1 stream)", before, await copy(store, url));
  }
  console.log(
    `\n${label}: ${RUNS} runs × ${EPOCHS} epochs × ${NAMES.length} metrics = ${POINTS.toLocaleString("en-US")} points, batches of ${BATCH}`,
  );
  for (const [name, rate] of results)
    console.log(`  ${name.padEnd(34)} ${Math.round(rate).toLocaleString("en-US").padStart(10)} points/s`);
  const http = results[0]![1];
  console.log(`  HTTP / direct db:                  ${(http / results[1]![1]).toFixed(2)}×`);
  if (url !== null)
    console.log(`  HTTP / COPY:                       ${(http / results[2]![1]).toFixed(2)}×   (target ≥ 0.3×)`);
}

if (process.env.DATABASE_URL?.trim()) {
  const db = await createThrowawayDatabase("seedscope_bench");
  try {
    const store = await openStore({ config: { backend: "postgres", url: db.url } });
    try {
      await bench("PostgreSQL (local server)", store, db.url);
    } finally {
      await store.close();
    }
  } finally {
    await db.drop();
  }
} else {
  const dir = mkdtempSync(join(tmpdir(), "seedscope-bench-"));
  try {
    const store = await openStore({ config: { backend: "pglite", dataDir: join(dir, "pglite") } });
    try {
      await bench("embedded PGlite (on disk; no COPY over its socket)", store, null);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log("\nCOPY: not measured; set DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres to include it");
}
