import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { StoreConfig } from "@seedscope/db";
import { createThrowawayDatabase, TEST_BACKEND } from "@seedscope/db/testing";

export interface CliEnvironment {
  /** Environment for `seedscope` child processes: its own home, and DATABASE_URL on the PostgreSQL pass. */
  env: Record<string, string | undefined>;
  /** The same store, for opening it from the test. */
  config: StoreConfig;
  home: string;
}

/**
 * Registers hooks giving the calling describe block a fresh store for CLI processes: an embedded one in a
 * temporary home, or a throw-away database on the DATABASE_URL server. Read the fields inside tests.
 */
export function useCliEnvironment(prefix: string): CliEnvironment {
  const home = mkdtempSync(join(tmpdir(), `seedscope-${prefix}-`));
  const environment: CliEnvironment = { env: {}, config: { backend: "pglite", dataDir: join(home, "pglite") }, home };
  let dropDatabase: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    if (TEST_BACKEND === "postgres") {
      const db = await createThrowawayDatabase();
      dropDatabase = db.drop;
      environment.env = { DATABASE_URL: db.url, SEEDSCOPE_HOME: home };
      environment.config = { backend: "postgres", url: db.url };
    } else {
      environment.env = { DATABASE_URL: undefined, SEEDSCOPE_HOME: home };
    }
  });
  afterAll(async () => {
    await dropDatabase?.();
    rmSync(home, { recursive: true, force: true });
  });
  return environment;
}
