import type { Command } from "commander";
import {
  diffRecipes,
  describeRecipe,
  effectiveLr,
  getRecipe,
  isRecipeName,
  listRecipes,
  recipeIdentity,
} from "@seedscope/recipes";
import type { openStore } from "@seedscope/db";
import { table } from "../format";
import { resolveRecipe } from "@seedscope/db";
import { withStore } from "../with-store";
import { builtInNameFor, paperReport } from "./recipes-paper";

const show = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(value));

export function registerRecipeCommands(program: Command): void {
  const recipes = program.command("recipes").description("the built-in training recipes; show and diff recipes");

  recipes
    .command("list")
    .description("the built-in recipes with their main settings")
    .action(() => {
      const rows = listRecipes().map((name) => {
        const r = getRecipe(name);
        return [
          name,
          r.method.kind,
          r.optimizer.kind,
          effectiveLr(r).toPrecision(3),
          r.batchSize,
          r.epochs,
          r.loss,
          recipeIdentity(r).hash.slice(0, 12),
          describeRecipe(name),
        ];
      });
      console.log(
        table(["name", "method", "optimizer", "lr", "batch", "epochs", "loss", "hash", "description"], rows, {
          optional: ["hash", "loss", "batch"],
        }),
      );
    });

  recipes
    .command("show")
    .description("a recipe as JSON, with its content hash; --paper: field by field against its paper")
    .argument("<recipe>", "built-in name, stored recipe hash (prefix) or run:<id>")
    .option("--paper", "the paper's value, ours, and why they differ, field by field (built-in recipes)")
    .option("--json", "with --paper: print the comparison as JSON")
    .action(async (ref: string, opts: { paper?: boolean; json?: boolean }) => {
      const resolved = await withRecipeStore(ref, (store) => resolveRecipe(store, ref));
      if (opts.paper) {
        console.log(paperReport(builtInNameFor(ref, resolved), { json: opts.json }));
        return;
      }
      const { recipe, label } = resolved;
      const { hash } = recipeIdentity(recipe);
      console.log(`# ${label}  sha256 ${hash}  effective lr ${effectiveLr(recipe).toPrecision(4)}`);
      console.log(JSON.stringify(recipe, null, 2));
    });

  recipes
    .command("diff")
    .description("only the fields in which two recipes differ")
    .argument("<a>", "built-in name, stored recipe hash (prefix) or run:<id>")
    .argument("<b>", "the same, for the other side")
    .option("--json", "print as JSON")
    .action(async (a: string, b: string, opts: { json?: boolean }) => {
      const [ra, rb] = await withRecipeStore(
        `${a} ${b}`,
        async (store) => [await resolveRecipe(store, a), await resolveRecipe(store, b)] as const,
      );
      const changes = diffRecipes(ra.recipe, rb.recipe);
      if (opts.json) {
        console.log(JSON.stringify(changes, null, 2));
      } else if (changes.length === 0) {
        console.log(`${ra.label} and ${rb.label} are the same recipe (${recipeIdentity(ra.recipe).hash.slice(0, 12)})`);
      } else {
        console.log(
          table(
            ["field", ra.label, rb.label],
            changes.map((c) => [c.path, show(c.a), show(c.b)]),
          ),
        );
      }
    });
}

/** Opens the store only when a reference needs it (hashes, run:<id>), so built-in names work anywhere. */
async function withRecipeStore<T>(
  refs: string,
  fn: (store: Awaited<ReturnType<typeof openStore>> | null) => Promise<T>,
): Promise<T> {
  const needsStore = refs.split(" ").some((r) => !isRecipeName(r));
  return needsStore ? withStore((store) => fn(store)) : fn(null);
}
