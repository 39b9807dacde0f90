import type { Command } from "commander";

export function registerRecipeCommands(program: Command): void {
  const recipes = program.command("recipes").description("the built-in training recipes; show and diff recipes");

  recipes
    .command("list")
    .description("the built-in recipes with their main settings")
    .action(async () => {
      const { listRecipesCommand } = await import("./recipes-actions");
      listRecipesCommand();
    });

  recipes
    .command("show")
    .description("a recipe as JSON, with its content hash; --paper: field by field against its paper")
    .argument("<recipe>", "built-in name, stored recipe hash (prefix) or run:<id>")
    .option("--paper", "the paper's value, ours, and why they differ, field by field (built-in recipes)")
    .option("--json", "with --paper: print the comparison as JSON")
    .action(async (ref: string, opts: { paper?: boolean; json?: boolean }) => {
      const { showRecipeCommand } = await import("./recipes-actions");
      await showRecipeCommand(ref, opts);
    });

  recipes
    .command("diff")
    .description("only the fields in which two recipes differ")
    .argument("<a>", "built-in name, stored recipe hash (prefix) or run:<id>")
    .argument("<b>", "the same, for the other side")
    .option("--json", "print as JSON")
    .action(async (a: string, b: string, opts: { json?: boolean }) => {
      const { diffRecipesCommand } = await import("./recipes-actions");
      await diffRecipesCommand(a, b, opts);
    });
}
