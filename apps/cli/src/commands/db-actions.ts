import {
  inspectStore,
  migrateStore,
  maskDatabaseUrl,
  readMigrations,
  resolveStoreConfig,
  storeExists,
  type StoreConfig,
} from "@seedscope/db";
import { withStore } from "../with-store";

function describeLocation(config: StoreConfig): { backend: string; location: string } {
  return config.backend === "postgres"
    ? { backend: "PostgreSQL", location: maskDatabaseUrl(config.url) }
    : { backend: "embedded PGlite", location: config.dataDir ?? "memory" };
}

/** `seedscope db migrate`. */
export async function migrateCommand(): Promise<void> {
  await withStore(
    async (store) => {
      const applied = await migrateStore(store);
      console.log(
        applied.length === 0
          ? "database schema is up to date"
          : `applied ${applied.length} migration(s): ${applied.join(", ")}`,
      );
    },
    { migrate: false },
  );
}

/** `seedscope db status`: read-only, it creates and migrates nothing. */
export async function statusCommand(opts: { json?: boolean }): Promise<void> {
  const config = resolveStoreConfig();
  const { backend, location } = describeLocation(config);
  if (!storeExists(config)) {
    // Opening the embedded store would create it: say so instead.
    const migrations = { applied: [], pending: readMigrations().map((m) => m.name), modified: [], unknown: [] };
    if (opts.json)
      console.log(
        JSON.stringify({ backend: config.backend, location, exists: false, migrations, counts: null }, null, 2),
      );
    else printStatus(backend, location, migrations, null, "no store here yet");
    return;
  }
  await withStore(
    async (store) => {
      const { migrations, counts } = await inspectStore(store);
      const servedBy = store.servedBy();
      if (opts.json) {
        console.log(
          JSON.stringify(
            { backend: store.backend, location: store.location, exists: true, servedBy, migrations, counts },
            null,
            2,
          ),
        );
        return;
      }
      printStatus(backend, store.location, migrations, counts, "seedscope's tables are not created yet");
      if (servedBy !== null) {
        console.log(
          `server:     served by process ${servedBy.pid}` +
            (servedBy.self ? " (this command; other seedscope commands share it while it runs)" : ""),
        );
      }
    },
    { migrate: false },
  );
}

type Inspection = Awaited<ReturnType<typeof inspectStore>>;

function printStatus(
  backend: string,
  location: string,
  migrations: Inspection["migrations"],
  counts: Inspection["counts"],
  missing: string,
): void {
  console.log(`backend:    ${backend}`);
  console.log(`location:   ${location}`);
  if (counts === null || migrations.applied.length === 0) {
    console.log(
      `schema:     ${missing} (0 of ${migrations.applied.length + migrations.pending.length} migrations applied): \`seedscope db migrate\` creates them, as does the first run or sweep`,
    );
    return;
  }
  console.log(
    `schema:     ${migrations.applied.length} migration(s) applied` +
      `${migrations.pending.length ? `, ${migrations.pending.length} pending (\`seedscope db migrate\` applies them)` : ""}` +
      `${migrations.modified.length ? `, ${migrations.modified.length} modified since applied` : ""}` +
      `${migrations.unknown.length ? `, ${migrations.unknown.length} unknown to this version of seedscope` : ""}`,
  );
  const byStatus = Object.entries(counts.runsByStatus)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  console.log(`recipes:    ${counts.recipes}`);
  console.log(`sweeps:     ${counts.sweeps}`);
  console.log(`runs:       ${counts.runs}${byStatus ? ` (${byStatus})` : ""}`);
  console.log(`metrics:    ${counts.metrics.toLocaleString("en-US")} points`);
}
