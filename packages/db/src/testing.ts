import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import pg from "pg";
import type { Prisma } from "../generated/prisma/client";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import { applyMigrations } from "./migrations";
import type { SqlClient } from "./sql-client";
import { openStore, type Store } from "./store";
import { clientsOf } from "./store-clients";

/** Which database the test suite runs against: PostgreSQL when DATABASE_URL is set, else embedded PGlite. */
export const TEST_BACKEND: "postgres" | "pglite" = process.env.DATABASE_URL?.trim() ? "postgres" : "pglite";

export interface TestStore {
  readonly store: Store;
  /** For PostgreSQL, the URL of the throw-away database (handy for child processes). */
  readonly url: string | null;
  dispose(): Promise<void>;
}

/** A URL for database `name` on the same server as `base`. */
export function urlForDatabase(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates an empty throw-away database on the DATABASE_URL server and returns its URL. */
export async function createThrowawayDatabase(
  prefix = "seedscope_test",
): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL!.trim();
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: urlForDatabase(base, name),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * A fresh, migrated store for one test file: an in-memory PGlite, or a throw-away database on the
 * DATABASE_URL server (dropped by `dispose`).
 */
export async function openTestStore(options: { migrate?: boolean } = {}): Promise<TestStore> {
  if (TEST_BACKEND === "pglite") {
    // Unmigrated stores are for the migration tests: those start from an empty cluster, as a new user's does.
    const initialData = options.migrate === false ? undefined : await migratedStoreFiles();
    const store = await openStore({
      config: { backend: "pglite", dataDir: null, ...(initialData === undefined ? {} : { initialData }) },
      migrate: options.migrate,
    });
    return { store, url: null, dispose: () => store.close() };
  }
  const db = await createThrowawayDatabase();
  const store = await openStore({ config: { backend: "postgres", url: db.url }, migrate: options.migrate });
  return {
    store,
    url: db.url,
    async dispose() {
      await store.close();
      await db.drop();
    },
  };
}

let migratedFiles: Promise<Blob> | null = null;

/** Where the test run's global setup saved `migratedStoreFiles()` for every test process. */
export const MIGRATED_STORE_FILES_ENV = "SEEDSCOPE_TEST_STORE_FILES";

/**
 * The data files of an empty, migrated embedded store: read from the file the test run's global setup saved, or
 * made once in this process. A new cluster (initdb) and the migrations take seconds, starting from these files a
 * fraction of that. `openStore` still checks the migrations of every store it opens.
 */
export function migratedStoreFiles(): Promise<Blob> {
  migratedFiles ??= (async () => {
    const saved = process.env[MIGRATED_STORE_FILES_ENV];
    if (saved) return new Blob([await readFile(saved)]);
    const { PGlite } = await import("@electric-sql/pglite");
    const db = new PGlite();
    try {
      await applyMigrations(pgliteSql(db), { backend: "pglite" });
      return await db.dumpDataDir("none");
    } finally {
      await db.close();
    }
  })();
  return migratedFiles;
}

/**
 * Makes `dataDir` (a folder that does not exist yet) an empty, migrated embedded store, as the first
 * `seedscope` command would, in a fraction of the time.
 */
export async function createMigratedEmbeddedStore(dataDir: string): Promise<void> {
  const { PGlite } = await import("@electric-sql/pglite");
  mkdirSync(dirname(dataDir), { recursive: true });
  const db = new PGlite(dataDir, { loadDataDir: await migratedStoreFiles() });
  await db.waitReady;
  await db.close();
}

/** PGlite in this process as the SqlClient the migrations take. */
function pgliteSql(db: PGlite | Transaction): SqlClient {
  return {
    query: async <Row extends object>(text: string, params: readonly unknown[] = []) =>
      (await db.query<Row>(text, [...params])).rows,
    exec: async (script) => {
      await db.exec(script);
    },
    transaction: (fn) => ("transaction" in db ? db.transaction((tx) => fn(pgliteSql(tx))) : fn(pgliteSql(db))),
    canCopy: false,
    copyFrom: () => Promise.reject(new Error("COPY FROM STDIN is not used by the migrations")),
  };
}

/* Reads (and deliberate corruptions) for tests that inspect what a process left in the store. */

export type RunWithEvents = Prisma.RunGetPayload<{ include: { events: true } }>;

/** Runs by id, sweep id or sweep name (all runs when none is given), by id, each with its events in order. */
export async function findRuns(
  store: Store,
  where: { id?: number; sweepId?: number; sweepName?: string } = {},
): Promise<RunWithEvents[]> {
  return clientsOf(store).prisma.run.findMany({
    where: {
      ...(where.id === undefined ? {} : { id: where.id }),
      ...(where.sweepId === undefined ? {} : { sweepId: where.sweepId }),
      ...(where.sweepName === undefined ? {} : { sweep: { name: where.sweepName } }),
    },
    include: { events: { orderBy: { id: "asc" } } },
    orderBy: { id: "asc" },
  });
}

/** The id of the first sweep with this name, or null. */
export async function findSweepId(store: Store, name: string): Promise<number | null> {
  return (
    (await clientsOf(store).prisma.sweep.findFirst({ where: { name }, orderBy: { id: "asc" }, select: { id: true } }))
      ?.id ?? null
  );
}

export async function countRuns(store: Store): Promise<number> {
  return clientsOf(store).prisma.run.count();
}

/** A run's metric points by key and step; `skipPrefixes` leaves out keys such as `time/` (timings differ run to run). */
export async function metricPoints(
  store: Store,
  runId: number,
  options: { keys?: readonly string[]; skipPrefixes?: readonly string[] } = {},
): Promise<{ key: string; step: number; value: number }[]> {
  const points = await clientsOf(store).prisma.metric.findMany({
    where: { runId, ...(options.keys ? { key: { in: [...options.keys] } } : {}) },
    select: { key: true, step: true, value: true },
    orderBy: [{ key: "asc" }, { step: "asc" }],
  });
  const skip = options.skipPrefixes ?? [];
  return points.filter((p) => !skip.some((prefix) => p.key.startsWith(prefix)));
}

/** Overwrites a run's memory peaks, e.g. to check how a reader shows given values. */
export async function setRunMemoryPeaks(
  store: Store,
  runId: number,
  peaks: { peakMemoryMb: number | null; peakTensorMb: number | null },
): Promise<void> {
  await clientsOf(store).prisma.run.update({ where: { id: runId }, data: peaks });
}

/** Names of the migrations recorded as applied, sorted. */
export async function appliedMigrationNames(store: Store): Promise<string[]> {
  const rows = await clientsOf(store).sql.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations"`,
  );
  return rows.map((r) => r.migration_name).sort();
}

/* Set-based fills (benchmarks, scale tests) and the comparison views' in-memory reference path. */
export * from "./bench-fill";
export * from "./read/in-memory-views";

/** Finished runs with their recipe's name and the columns the dashboard shows, by id (for browser tests). */
export async function finishedRunsForDashboard(store: Store) {
  const runs = await clientsOf(store).prisma.run.findMany({
    where: { status: "finished" },
    include: { recipe: { select: { name: true } } },
    orderBy: { id: "asc" },
  });
  return runs.map((r) => ({
    id: r.id,
    sweepId: r.sweepId,
    seed: r.seed,
    arch: r.arch,
    recipeHash: r.recipeHash,
    recipeName: r.recipe.name,
    valTop1: r.valTop1,
    v2Top1: r.v2Top1,
    params: r.params,
    collapsed: r.collapsed,
    peakMemoryMb: r.peakMemoryMb,
    peakTensorMb: r.peakTensorMb,
  }));
}

/** Runs, finished runs and the seconds spent in epochs (the sum of `time/epoch_s`), for the sweep bench. */
export async function runTotals(store: Store): Promise<{ runs: number; finished: number; busySeconds: number }> {
  const [runs, finished, busy] = await Promise.all([
    clientsOf(store).prisma.run.count(),
    clientsOf(store).prisma.run.count({ where: { status: "finished" } }),
    clientsOf(store).prisma.metric.aggregate({ where: { key: "time/epoch_s" }, _sum: { value: true } }),
  ]);
  return { runs, finished, busySeconds: busy._sum.value ?? 0 };
}

/** Prisma's own bulk insert, the baseline the ingest bench measures `logMetrics` against. */
export async function createMetricsWithPrisma(
  store: Store,
  runId: number,
  points: readonly { key: string; step: number; value: number }[],
): Promise<void> {
  await clientsOf(store).prisma.metric.createMany({ data: points.map((p) => ({ runId, ...p })) });
}

/** How many metric points a run has. */
export async function countRunMetrics(store: Store, runId: number): Promise<number> {
  return clientsOf(store).prisma.metric.count({ where: { runId } });
}

/** Rows in every table of the store's schema, by table name: what a test expects a request not to change. */
export async function tableRowCounts(store: Store): Promise<Record<string, number>> {
  const { sql } = clientsOf(store);
  const tables = await sql.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`,
  );
  const rows: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name.replace(/"/g, '""')}"`);
    rows[name] = row!.n;
  }
  return rows;
}

/** Sets one field of a run's recorded environment (a test's stand-in for data or code that changed since). */
export async function setRunEnvironmentField(store: Store, runId: number, path: readonly string[], value: unknown) {
  await clientsOf(store).sql.query(
    `UPDATE "Run" SET environment = jsonb_set(environment, $2::text[], $3::jsonb) WHERE id = $1`,
    [runId, path, JSON.stringify(value)],
  );
}
