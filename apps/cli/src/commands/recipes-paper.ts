import { UserError } from "@seedscope/core";
import {
  getRecipe,
  isRecipeName,
  listRecipes,
  type PaperComparison,
  paperTable,
  type RecipeName,
  recipeIdentity,
} from "@seedscope/recipes";
import { table } from "../format";

/** A resolved recipe reference, as `recipes show` has it (label for messages, content hash to match). */
export interface ResolvedRef {
  label: string;
  hash: string;
}

/**
 * The built-in recipe a reference stands for: the name itself, or a stored recipe (hash, run:<id>) whose content
 * is exactly a built-in one. Anything else is refused, naming the built-in recipes: only those have a paper.
 */
export function builtInNameFor(ref: string, resolved: ResolvedRef): RecipeName {
  if (isRecipeName(ref)) return ref;
  const match = listRecipes().find((name) => recipeIdentity(getRecipe(name)).hash === resolved.hash);
  if (match) return match;
  throw new UserError(
    `--paper needs a built-in recipe name: ${resolved.label} is not one of them (it may be derived from one; ` +
      `compare its base instead). Built-in recipes: ${listRecipes().join(", ")}`,
  );
}

const HEAD = ["field", "paper", "ours", "status", "why", "source"];

/** `recipes show <name> --paper`: the table (or JSON with every value as the recipe holds it). */
export function paperReport(name: RecipeName, opts: { json?: boolean; maxWidth?: number } = {}): string {
  const rows: PaperComparison[] = paperTable(name);
  if (opts.json) return JSON.stringify({ recipe: name, rows }, null, 2);
  const counts = (["same", "adapted", "not stated"] as const).map(
    (s) => `${rows.filter((r) => r.status === s).length} ${s}`,
  );
  const body = table(
    HEAD,
    rows.map((r) => [r.path, r.paper, r.oursText, r.status, r.why ?? "", r.source]),
    { optional: ["source"], ...(opts.maxWidth === undefined ? {} : { maxWidth: opts.maxWidth }) },
  );
  return `# ${name} against its paper: ${counts.join(", ")}\n${body}`;
}
