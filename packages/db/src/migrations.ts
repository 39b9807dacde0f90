import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "@seedscope/core";
import type { SqlClient } from "./sql-client";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

/** Prisma's own lock id, so that our runner and `prisma migrate` never migrate at the same time. */
const MIGRATION_LOCK_ID = 72707369;

export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  /** sha256 of migration.sql, as Prisma records it. */
  readonly checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// The bookkeeping table exactly as Prisma Migrate creates it, so `prisma migrate status` agrees with us.
const CREATE_BOOKKEEPING = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
}

export interface MigrationStatus {
  readonly applied: string[];
  readonly pending: string[];
  /** Applied migrations whose file changed since (Prisma warns about these too). */
  readonly modified: string[];
  /** Applied in the database but unknown to this version of seedscope. */
  readonly unknown: string[];
}

async function readApplied(sql: SqlClient): Promise<AppliedRow[]> {
  const exists = await sql.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
  if (!exists[0]?.t) return [];
  return sql.query<AppliedRow>(
    `SELECT migration_name, checksum FROM "_prisma_migrations"
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  );
}

function compare(files: MigrationFile[], applied: AppliedRow[]): MigrationStatus {
  const byName = new Map(applied.map((row) => [row.migration_name, row.checksum]));
  const known = new Set(files.map((f) => f.name));
  return {
    applied: files.filter((f) => byName.has(f.name)).map((f) => f.name),
    pending: files.filter((f) => !byName.has(f.name)).map((f) => f.name),
    modified: files.filter((f) => byName.has(f.name) && byName.get(f.name) !== f.checksum).map((f) => f.name),
    unknown: applied.map((r) => r.migration_name).filter((n) => !known.has(n)),
  };
}

export async function migrationStatus(sql: SqlClient, files = readMigrations()): Promise<MigrationStatus> {
  return compare(files, await readApplied(sql));
}

/**
 * Applies pending migrations in one transaction under Prisma's advisory lock: concurrent first uses
 * (several workers starting at once) apply each migration exactly once, and a failure applies nothing.
 */
export async function applyMigrations(
  sql: SqlClient,
  options: { backend: "pglite" | "postgres"; files?: MigrationFile[] },
): Promise<string[]> {
  const files = options.files ?? readMigrations();
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_ID]);
    await tx.exec(CREATE_BOOKKEEPING);
    const status = compare(files, await readApplied(tx));
    if (status.unknown.length > 0) {
      throw new UserError(
        `the database has migrations this version of seedscope does not know (${status.unknown.join(", ")}): ` +
          `update seedscope (git pull && npm install), or point DATABASE_URL / SEEDSCOPE_HOME at another store`,
      );
    }
    for (const name of status.pending) {
      const file = files.find((f) => f.name === name)!;
      await tx.exec(file.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), file.checksum, file.name],
      );
    }
    return status.pending;
  });
}
