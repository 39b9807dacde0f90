import type { Command } from "commander";
import { applyMigrations, migrationStatus, storeCounts } from "@seedscope/db";
import { withStore } from "../with-store";

export function registerDbCommands(program: Command): void {
  const db = program.command("db").description("inspect and migrate the store (embedded PGlite, or PostgreSQL via DATABASE_URL)");

  db.command("migrate")
    .description("apply pending schema migrations (also done automatically on first use)")
    .action(async () => {
      await withStore(
        async (store) => {
          const applied = await applyMigrations(store.sql, { backend: store.backend });
          console.log(applied.length === 0 ? "database schema is up to date" : `applied ${applied.length} migration(s): ${applied.join(", ")}`);
        },
        { migrate: false },
      );
    });

  db.command("status")
    .description("show the backend, its location, the schema state and what is stored")
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      await withStore(async (store) => {
        const [migrations, counts] = await Promise.all([migrationStatus(store.sql), storeCounts(store)]);
        const backend = store.backend === "pglite" ? "embedded PGlite" : "PostgreSQL";
        if (opts.json) {
          console.log(JSON.stringify({ backend: store.backend, location: store.location, migrations, counts }, null, 2));
          return;
        }
        const byStatus = Object.entries(counts.runsByStatus)
          .filter(([, n]) => n > 0)
          .map(([s, n]) => `${n} ${s}`)
          .join(", ");
        console.log(`backend:    ${backend}`);
        console.log(`location:   ${store.location}`);
        console.log(
          `schema:     ${migrations.applied.length} migration(s) applied${migrations.pending.length ? `, ${migrations.pending.length} pending` : ""}` +
            `${migrations.modified.length ? `, ${migrations.modified.length} modified since applied` : ""}`,
        );
        console.log(`recipes:    ${counts.recipes}`);
        console.log(`sweeps:     ${counts.sweeps}`);
        console.log(`runs:       ${counts.runs}${byStatus ? ` (${byStatus})` : ""}`);
        console.log(`metrics:    ${counts.metrics.toLocaleString("en-US")} points`);
      });
    });
}
