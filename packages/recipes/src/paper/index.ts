import { UserError } from "@seedscope/core";
import { getRecipe, isRecipeName, listRecipes, type RecipeName } from "../registry";
import { a2Paper } from "./a2";
import { compareWithPaper, type PaperComparison } from "./compare";
import { cosubPaper } from "./cosub";
import { cosubA2Paper } from "./cosub-a2";
import { deitPaper } from "./deit";
import { deit3Paper } from "./deit3";
import { dividePaper } from "./divide";
import type { PaperRow } from "./rows";
import { stppPaper } from "./stpp";

export type { PaperComparison } from "./compare";
export type { PaperRow, PaperStatus, PaperValue } from "./rows";

/** What each named recipe's paper says; every named recipe has one (the type checks it). */
const PAPER_ROWS = {
  deit: deitPaper,
  deit3: deit3Paper,
  a2: a2Paper,
  cosub: cosubPaper,
  "cosub-a2": cosubA2Paper,
  stpp: stppPaper,
  divide: dividePaper,
} as const satisfies Record<RecipeName, readonly PaperRow[]>;

/** The paper's rows for a named recipe (the facts only; see {@link paperTable} for ours next to them). */
export function paperRows(name: RecipeName): readonly PaperRow[] {
  return PAPER_ROWS[name];
}

/**
 * The named recipe next to its paper, field by field: the paper's value, ours (read from the recipe now),
 * whether they are the same, and why not. An unknown name lists the built-in ones.
 */
export function paperTable(name: string): PaperComparison[] {
  if (!isRecipeName(name)) {
    throw new UserError(`no paper table for "${name}": built-in recipes are ${listRecipes().join(", ")}`);
  }
  return compareWithPaper(getRecipe(name), PAPER_ROWS[name]);
}
