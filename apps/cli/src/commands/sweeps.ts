import type { Command } from "commander";

export function registerSweepsCommands(program: Command): void {
  const sweeps = program.command("sweeps").description("the stored sweeps");

  sweeps
    .command("list")
    .description(
      "every sweep, newest first: its plan, its runs by status (collapsed ones counted) and how to inspect it",
    )
    .option("--limit <n>", "sweeps to show", "50")
    .option("--json", "print as JSON")
    .action(async (raw: Record<string, unknown>) => {
      const { listSweepsCommand } = await import("./sweeps-actions");
      await listSweepsCommand(raw);
    });
}
