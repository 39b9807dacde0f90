import { resolve } from "node:path";
import { UserError } from "@seedscope/core";
import { maskDatabaseUrl } from "./mask-url";

/** Where the store lives: an embedded PGlite directory (default) or a PostgreSQL server. */
export type StoreConfig =
  | {
      readonly backend: "pglite";
      /** null: in memory, gone when the process that opened it closes it. */
      readonly dataDir: string | null;
      /**
       * In memory only: start from these data files (a tarball of PGlite's `dumpDataDir`) instead of creating an
       * empty cluster, which takes seconds (initdb).
       */
      readonly initialData?: Blob;
    }
  | { readonly backend: "postgres"; readonly url: string };

/** The embedded store's folder: `$SEEDSCOPE_HOME` or `.seedscope/` in the working directory. */
export function seedscopeHome(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const home = env.SEEDSCOPE_HOME?.trim();
  return resolve(cwd, home ? home : ".seedscope");
}

/** Reads `DATABASE_URL` (PostgreSQL) or falls back to the embedded PGlite store. */
export function resolveStoreConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): StoreConfig {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { backend: "pglite", dataDir: resolve(seedscopeHome(env, cwd), "pglite") };
  return { backend: "postgres", url: checkPostgresUrl(url) };
}

export function checkPostgresUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(
      `DATABASE_URL is not a URL (${maskDatabaseUrl(url)}): use the form postgresql://user:password@host:5432/database, or unset it to use the embedded store`,
    );
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new UserError(
      `DATABASE_URL must start with postgresql:// (got ${parsed.protocol}//): seedscope stores runs in PostgreSQL; unset DATABASE_URL to use the embedded store`,
    );
  }
  if (!parsed.hostname && !parsed.searchParams.get("host")) {
    throw new UserError(`DATABASE_URL has no host (${maskDatabaseUrl(url)}): use postgresql://user@host:5432/database`);
  }
  return url;
}
