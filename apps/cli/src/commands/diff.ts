import type { Command } from "commander";

export function registerDiffCommand(program: Command): void {
  program
    .command("diff")
    .description(
      "what differs between two runs (recipe, fingerprint, code version, metric curves), two sweeps (plans) or two recipes",
    )
    .argument("<a>", "a run (42 or run:42), a sweep (sweep:3) or a recipe (name, hash prefix)")
    .argument("<b>", "the same kind of thing")
    .action(async (aText: string, bText: string) => {
      const { diffCommand } = await import("./diff-actions");
      await diffCommand(aText, bText);
    });
}
