import { randomBytes } from "node:crypto";
import pg from "pg";
import { openStore, type Store } from "./store";

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
    const store = await openStore({ config: { backend: "pglite", dataDir: null }, migrate: options.migrate });
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
