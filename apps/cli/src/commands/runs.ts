import type { Command } from "commander";
import { RUN_STATUSES } from "../help-names";

export function registerRunCommands(program: Command): void {
  const runs = program.command("runs").description("list and inspect recorded runs");

  runs
    .command("list")
    .description("table of runs, newest first")
    .option("--sweep <id>", "only runs of this sweep")
    .option(
      "--recipe <recipe>",
      "only runs of exactly this recipe: a built-in name (a2), a stored recipe's name or hash (prefix), or run:<id>; " +
        "recipes derived from it by --set / --epochs are different recipes (add --derived to include them)",
    )
    .option("--derived", "with --recipe: also runs of every recipe derived from it (its --set / --epochs variants)")
    .option("--arch <name>", "only this architecture")
    .option("--dataset <name>", "only this dataset")
    .option("--status <status>", `only this status (${RUN_STATUSES.join("|")})`)
    .option("--collapsed", "only collapsed runs (finished, but at chance)")
    .option("--no-collapsed", "leave collapsed runs out")
    .option("--limit <n>", "rows to show", "50")
    .option("--offset <n>", "rows to skip", "0")
    .option("--json", "print as JSON")
    .action(async (raw: Record<string, unknown>) => {
      const { listRunsCommand } = await import("./runs-actions");
      await listRunsCommand(raw);
    });

  runs
    .command("show")
    .description("one run: recipe, environment, code version, status timeline and metrics")
    .argument("<id>", "run id (see `seedscope runs list`)")
    .option("--json", "print as JSON")
    .action(async (idText: string, opts: { json?: boolean }) => {
      const { showRunCommand } = await import("./runs-actions");
      await showRunCommand(idText, opts);
    });
}
