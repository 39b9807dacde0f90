// Metric ingest throughput: Prisma createMany vs seedscope's bulk path (logMetrics) vs COPY FROM STDIN,
// on the embedded PGlite store and, when DATABASE_URL is set, on PostgreSQL (a throw-away database).
//   npx tsx bench/ingest.ts [rows=100000] [repeats=3]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { createRecipe, logMetrics, openStore, startRun, type Store } from "@seedscope/db";
import { countRunMetrics, createMetricsWithPrisma, createThrowawayDatabase } from "@seedscope/db/testing";

const ROWS = Number(process.argv[2] ?? 100_000);
const REPEATS = Number(process.argv[3] ?? 3);
const KEYS = ["train/loss", "lr", "val/top1", "val/loss", "v2/top1", "v2/loss"];

interface Point {
  key: string;
  step: number;
  value: number;
}
const points: Point[] = Array.from({ length: ROWS }, (_, i) => ({
  key: KEYS[i % KEYS.length]!,
  step: Math.floor(i / KEYS.length),
  value: Math.sin(i),
}));
const copyText = (runId: number) => points.map((p) => `${runId}\t${p.key}\t${p.step}\t${p.value}\n`).join("");

type Method = (store: Store, runId: number) => Promise<void>;

const createMany: Method = async (store, runId) => {
  await createMetricsWithPrisma(store, runId, points);
};
const bulk: Method = async (store, runId) => {
  await logMetrics(store, runId, points);
};

function copyMethod(backend: { url: string }): Method {
  const sql = `COPY "Metric" ("runId", key, step, value) FROM`;
  return async (_store, runId) => {
    const client = new pg.Client({ connectionString: backend.url });
    await client.connect();
    try {
      await pipeline(Readable.from([copyText(runId)]), client.query(copyFrom(`${sql} STDIN`)));
    } finally {
      await client.end();
    }
  };
}

async function measure(store: Store, recipeHash: string, method: Method): Promise<number> {
  const rates: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const { id } = await startRun(store, { recipeHash, arch: "bench", dataset: "bench", seed: r });
    const t0 = performance.now();
    await method(store, id);
    const seconds = (performance.now() - t0) / 1000;
    const stored = await countRunMetrics(store, id);
    if (stored !== ROWS) throw new Error(`expected ${ROWS} rows, found ${stored}`);
    rates.push(ROWS / seconds);
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

/** `copy` is null for the embedded store: it is served over the wire protocol, which PGlite cannot COPY through. */
async function benchBackend(label: string, store: Store, copy: Method | null): Promise<void> {
  const { hash } = await createRecipe(store, { body: { bench: "ingest", at: Date.now() } });
  const results: Record<string, number> = {
    "Prisma createMany": await measure(store, hash, createMany),
    "seedscope logMetrics": await measure(store, hash, bulk),
  };
  if (copy !== null) results["COPY FROM STDIN"] = await measure(store, hash, copy);
  console.log(`\n${label}: ${ROWS.toLocaleString("en-US")} rows, median of ${REPEATS}`);
  for (const [name, rate] of Object.entries(results))
    console.log(`  ${name.padEnd(22)} ${Math.round(rate).toLocaleString("en-US").padStart(10)} rows/s`);
  const ours = results["seedscope logMetrics"]!;
  if (copy !== null)
    console.log(
      `  logMetrics / COPY:       ${(ours / results["COPY FROM STDIN"]!).toFixed(2)}×   (target ≥ 0.5× on PostgreSQL)`,
    );
  console.log(
    `  logMetrics / createMany: ${(ours / results["Prisma createMany"]!).toFixed(1)}×   (target ≥ 10× on PostgreSQL)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), "seedscope-bench-"));
try {
  const store = await openStore({ config: { backend: "pglite", dataDir: join(dir, "pglite") } });
  try {
    await benchBackend("embedded PGlite (on disk, served over its socket)", store, null);
  } finally {
    await store.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (process.env.DATABASE_URL?.trim()) {
  const db = await createThrowawayDatabase("seedscope_bench");
  try {
    const store = await openStore({ config: { backend: "postgres", url: db.url } });
    try {
      await benchBackend("PostgreSQL (local server)", store, copyMethod({ url: db.url }));
    } finally {
      await store.close();
    }
  } finally {
    await db.drop();
  }
} else {
  console.log(
    "\nPostgreSQL: not measured; set DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres to include it",
  );
}
