import { existsSync } from "node:fs";
import { join } from "node:path";
import type { StoreConfig } from "./config";
import { migrationStatus, type MigrationStatus } from "./migrations";
import { storeCounts, type StoreCounts } from "./queries";
import type { Store } from "./store";
import { clientsOf } from "./store-clients";

/**
 * Whether the embedded store has been created (a PostgreSQL server always "exists": whether seedscope's
 * tables are there is for {@link inspectStore} to say). Looks, never creates.
 */
export function storeExists(config: StoreConfig): boolean {
  return config.backend === "postgres" || config.dataDir === null || existsSync(join(config.dataDir, "PG_VERSION"));
}

export interface StoreInspection {
  readonly migrations: MigrationStatus;
  /** null while seedscope's tables do not exist yet (no migration applied). */
  readonly counts: StoreCounts | null;
}

/** The schema state and what is stored, read-only: nothing is created or migrated. */
export async function inspectStore(store: Store): Promise<StoreInspection> {
  const migrations = await migrationStatus(clientsOf(store).sql);
  const [tables] = await clientsOf(store).sql.query<{ ok: boolean }>(
    `SELECT to_regclass('"Recipe"') IS NOT NULL AND to_regclass('"Sweep"') IS NOT NULL
        AND to_regclass('"Run"') IS NOT NULL AND to_regclass('"Metric"') IS NOT NULL AS ok`,
  );
  return { migrations, counts: tables?.ok ? await storeCounts(store) : null };
}
