import { mkdirSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { checkPostgresUrl, type StoreConfig, resolveStoreConfig } from "./config";
import { describeConnectionError } from "./connection-errors";
import { SharedEmbeddedStore } from "./embedded/shared-store";
import { SOCKET_PORT } from "./embedded/socket-dir";
import { maskDatabaseUrl } from "./mask-url";
import { applyMigrations } from "./migrations";
import { pgSqlClient, type ReconnectPolicy, withReconnect } from "./sql-client";
import { attachClients, clientsOf } from "./store-clients";

export type Backend = "pglite" | "postgres";

/**
 * An open store. What it talks to the database with stays inside `packages/db` (see `store-clients.ts`):
 * other packages read and write through db's functions.
 */
export interface Store {
  readonly backend: Backend;
  /** The data directory, `memory`, or the URL with its password masked. */
  readonly location: string;
  /** For the embedded store: which process serves it now (this one, or another seedscope process). */
  servedBy(): { pid: number; self: boolean } | null;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Overrides the environment: a PGlite directory (null = in memory) or a PostgreSQL URL. */
  readonly config?: StoreConfig;
  /** Apply pending migrations (default true). */
  readonly migrate?: boolean;
  /** Pool size (default 4). */
  readonly poolSize?: number;
  /** How long a lost connection is retried before an error reaches the caller (default 120 s). */
  readonly reconnectForMs?: number;
}

const DEFAULT_RECONNECT_MS = 120_000;

function reconnectWindow(options: OpenStoreOptions): number {
  if (options.reconnectForMs !== undefined) return options.reconnectForMs;
  const seconds = Number(process.env.SEEDSCOPE_RECONNECT_SECONDS);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_RECONNECT_MS;
}

/** Applies the pending migrations to an open store; returns their names. */
export function migrateStore(store: Store): Promise<string[]> {
  return applyMigrations(clientsOf(store).sql, { backend: store.backend });
}

/** Opens the store named by the environment (`DATABASE_URL`, `SEEDSCOPE_HOME`) and migrates it. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const config = options.config ?? resolveStoreConfig();
  const poolSize = options.poolSize ?? 4;
  const store =
    config.backend === "postgres"
      ? await openPostgres(config.url, poolSize, reconnectWindow(options))
      : await openEmbedded(config.dataDir, config.initialData, poolSize, reconnectWindow(options));
  if (options.migrate !== false) {
    try {
      await applyMigrations(clientsOf(store).sql, { backend: store.backend });
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

async function openPostgres(url: string, poolSize: number, reconnectForMs: number): Promise<Store> {
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
  const reconnect: ReconnectPolicy = { restore: async () => undefined, giveUpAfterMs: reconnectForMs };
  return assemble(
    "postgres",
    maskDatabaseUrl(url),
    pool,
    { canCopy: true, reconnect },
    () => null,
    async () => {},
  );
}

/**
 * The embedded store, served by whichever seedscope process opened it first; this process connects to it
 * over the store's socket like any PostgreSQL client, and takes it over if that process exits.
 */
async function openEmbedded(
  dataDir: string | null,
  initialData: Blob | undefined,
  poolSize: number,
  reconnectForMs: number,
): Promise<Store> {
  if (dataDir !== null && initialData !== undefined) {
    throw new Error("initialData is for an in-memory store (dataDir null)");
  }
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  const shared = new SharedEmbeddedStore(dataDir, initialData);
  await shared.ensureServed();
  const pool = new pg.Pool({
    host: shared.socketDir,
    port: SOCKET_PORT,
    user: "postgres",
    database: "postgres",
    max: poolSize,
    connectionTimeoutMillis: 10_000,
  });
  pool.on("error", () => undefined);
  const reconnect: ReconnectPolicy = { restore: () => shared.ensureServed(), giveUpAfterMs: reconnectForMs };
  return assemble(
    "pglite",
    dataDir ?? "memory",
    pool,
    { canCopy: false, reconnect },
    () => shared.owner(),
    () => shared.close(),
  );
}

function assemble(
  backend: Backend,
  location: string,
  pool: pg.Pool,
  sqlOptions: { canCopy: boolean; reconnect: ReconnectPolicy },
  servedBy: () => { pid: number; self: boolean } | null,
  closeServer: () => Promise<void>,
): Store {
  const prisma = reconnectingPrisma(new PrismaClient({ adapter: new PrismaPg(pool) }), sqlOptions.reconnect);
  const store: Store = {
    backend,
    location,
    servedBy,
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await closeServer();
    },
  };
  attachClients(store, { prisma, sql: pgSqlClient(pool, sqlOptions), pool });
  return store;
}

/** Prisma's model calls get the same reconnect policy as `sql` (one at a time, outside transactions). */
function reconnectingPrisma(client: PrismaClient, reconnect: ReconnectPolicy): PrismaClient {
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        return withReconnect(() => query(args), reconnect);
      },
    },
  }) as unknown as PrismaClient;
}
