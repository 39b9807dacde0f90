import type { AnyRecipe } from "@seedscope/core";
import { canonicalJson } from "./canonical";

/** One field that differs between two recipes; `undefined` on the side where the field is absent. */
export interface RecipeDifference {
  path: string;
  a: unknown;
  b: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

function walk(a: unknown, b: unknown, path: string, out: RecipeDifference[]): void {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) walk(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }
  // Leaves: numbers, strings, booleans, null, tuples (compared whole), or an object against a non-object.
  if (!sameValue(a, b)) out.push({ path, a, b });
}

/**
 * The leaf fields where `a` and `b` differ, in path order. Objects are compared field by field;
 * arrays (the recipe's [low, high] pairs and betas) are compared whole. Where the two sit in
 * different union variants (say method kinds), every field of either variant that differs is listed.
 */
export function diffRecipes(a: AnyRecipe, b: AnyRecipe): RecipeDifference[] {
  const out: RecipeDifference[] = [];
  walk(a, b, "", out);
  return out;
}
