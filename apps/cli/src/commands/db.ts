import type { Command } from "commander";

export function registerDbCommands(program: Command): void {
  const db = program
    .command("db")
    .description("inspect and migrate the store (embedded PGlite, or PostgreSQL via DATABASE_URL)");

  db.command("migrate")
    .description("create seedscope's tables or apply pending schema migrations (also done on first real use)")
    .action(async () => {
      const { migrateCommand } = await import("./db-actions");
      await migrateCommand();
    });

  db.command("status")
    .description(
      "show the backend, its location, the schema state and what is stored (read-only: creates and migrates nothing)",
    )
    .option("--json", "print as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { statusCommand } = await import("./db-actions");
      await statusCommand(opts);
    });
}
