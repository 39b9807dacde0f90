import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { UserError } from "@seedscope/core";
import { PrismaClient } from "../generated/prisma/client";
import { resolveStoreConfig, checkPostgresUrl, type StoreConfig } from "./config";
import { describeConnectionError } from "./connection-errors";
import { maskDatabaseUrl } from "./mask-url";
import { acquirePidLock } from "./pid-lock";
import { applyMigrations } from "./migrations";
import { pgliteSqlClient, pgSqlClient, type SqlClient } from "./sql-client";

export type Backend = "pglite" | "postgres";

/** An open store: Prisma for typed queries, `sql` for the bulk paths, both on the same database. */
export interface Store {
  readonly backend: Backend;
  /** The data directory, `memory`, or the URL with its password masked. */
  readonly location: string;
  readonly prisma: PrismaClient;
  readonly sql: SqlClient;
  /** The underlying driver, for the few paths that need it (COPY, job queues). */
  readonly driver:
    | { readonly backend: "pglite"; readonly db: PGlite }
    | { readonly backend: "postgres"; readonly pool: pg.Pool };
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Overrides the environment: a PGlite directory (null = in memory) or a PostgreSQL URL. */
  readonly config?: StoreConfig;
  /** Apply pending migrations (default true). */
  readonly migrate?: boolean;
  /** Pool size for PostgreSQL (default 4). */
  readonly poolSize?: number;
}

/** Opens the store named by the environment (`DATABASE_URL`, `SEEDSCOPE_HOME`) and migrates it. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const config = options.config ?? resolveStoreConfig();
  const store =
    config.backend === "postgres"
      ? await openPostgres(config.url, options.poolSize ?? 4)
      : await openPglite(config.dataDir);
  if (options.migrate !== false) {
    try {
      await applyMigrations(store.sql, { backend: store.backend });
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

async function openPostgres(url: string, poolSize: number): Promise<Store> {
  checkPostgresUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // Errors on idle clients (server restart) must not crash the process; the next query reports them.
  pool.on("error", () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw describeConnectionError(error, url);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    backend: "postgres",
    location: maskDatabaseUrl(url),
    prisma,
    sql: pgSqlClient(pool),
    driver: { backend: "postgres", pool },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string | null): Promise<Store> {
  let release: (() => Promise<void>) | null = null;
  if (dataDir !== null) {
    mkdirSync(dataDir, { recursive: true });
    release = await lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    db = dataDir === null ? new PGlite() : new PGlite(dataDir);
    await db.waitReady;
  } catch (error) {
    await release?.();
    throw new UserError(
      `cannot open the embedded store at ${dataDir} (${error instanceof Error ? error.message : String(error)}): ` +
        `move the folder aside to start a new store, or set SEEDSCOPE_HOME to another folder`,
      { cause: error },
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    backend: "pglite",
    location: dataDir ?? "memory",
    prisma,
    sql: pgliteSqlClient(db),
    driver: { backend: "pglite", db },
    async close() {
      await prisma.$disconnect();
      await db.close();
      await release?.();
    },
  };
}

/** PGlite is single-process: a second process opening the same folder would corrupt it. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const release = acquirePidLock(`${dataDir}.lock`, `the embedded store ${dataDir}`);
  return async () => release();
}
