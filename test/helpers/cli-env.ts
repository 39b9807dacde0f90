import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { openStore, type Store, type StoreConfig } from "@seedscope/db";
import { createMigratedEmbeddedStore, createThrowawayDatabase, TEST_BACKEND } from "@seedscope/db/testing";

export interface CliEnvironment {
  /** Environment for `seedscope` child processes: its own home, and DATABASE_URL on the PostgreSQL pass. */
  env: Record<string, string | undefined>;
  /** The same store, for opening it from the test. */
  config: StoreConfig;
  home: string;
}

/**
 * One wasm thread per training process: test files run two at a time on 2 cores, so a `seedscope run` on
 * every core (its default) would oversubscribe them. Sweep pools still share the cores out by `--threads`.
 */
const ONE_THREAD = "1";

/**
 * Registers hooks giving the calling describe block a fresh store for CLI processes: an empty, migrated
 * embedded one in a temporary home (with `noStoreYet`, none: the first command creates it, as for a new user),
 * or a throw-away database on the DATABASE_URL server. Read the fields inside tests.
 */
export function useCliEnvironment(prefix: string, options: { noStoreYet?: boolean } = {}): CliEnvironment {
  const home = mkdtempSync(join(tmpdir(), `seedscope-${prefix}-`));
  const environment: CliEnvironment = { env: {}, config: { backend: "pglite", dataDir: join(home, "pglite") }, home };
  let dropDatabase: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    if (TEST_BACKEND === "postgres") {
      const db = await createThrowawayDatabase();
      dropDatabase = db.drop;
      environment.env = { DATABASE_URL: db.url, SEEDSCOPE_HOME: home, SEEDSCOPE_THREADS: ONE_THREAD };
      environment.config = { backend: "postgres", url: db.url };
    } else {
      environment.env = { DATABASE_URL: undefined, SEEDSCOPE_HOME: home, SEEDSCOPE_THREADS: ONE_THREAD };
      // What the first command in a new home would create, made faster; `noStoreYet` leaves that to the command.
      if (!options.noStoreYet) await createMigratedEmbeddedStore(join(home, "pglite"));
    }
  });
  afterAll(async () => {
    await dropDatabase?.();
    rmSync(home, { recursive: true, force: true });
  });
  return environment;
}

/** Opens the environment's store briefly from the test (the embedded one admits one process at a time), runs `fn`, closes it. */
export async function withCliStore<T>(cli: CliEnvironment, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ config: cli.config });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
