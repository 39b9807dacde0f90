import { type AnyRecipe, isExternalRecipeBody } from "@seedscope/core";
import { canonicalJson, diffRecipes, type RecipeDifference } from "@seedscope/recipes";

/*
 * The fields recipes are compared and labelled by. A seedscope recipe is compared field by field along
 * dotted paths (`optimizer.lr`); an external recipe (a configuration from another trainer) parameter by
 * parameter, each under the name its run logged (`lr`, `model.ema` as one name), its value compared whole:
 * the diff of two outside runs' configurations lists the parameters that differ.
 */

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A recipe's value at a field path; undefined where it has no such field. */
export function valueAt(recipe: AnyRecipe, path: string): unknown {
  if (isExternalRecipeBody(recipe)) return Object.hasOwn(recipe.config, path) ? recipe.config[path] : undefined;
  let node: unknown = recipe;
  for (const part of path.split(".")) {
    if (!isRecord(node)) return undefined;
    node = node[part];
  }
  return node;
}

/** Every field of a recipe with its value: a seedscope recipe's leaves (arrays whole), an external one's parameters. */
function fieldsOf(recipe: AnyRecipe): Map<string, unknown> {
  if (isExternalRecipeBody(recipe)) return new Map(Object.entries(recipe.config));
  const out = new Map<string, unknown>();
  const walk = (node: unknown, path: string) => {
    if (isRecord(node) && (path === "" || Object.keys(node).length > 0)) {
      for (const [key, value] of Object.entries(node)) walk(value, path ? `${path}.${key}` : key);
    } else out.set(path, node);
  };
  walk(recipe, "");
  return out;
}

/**
 * The fields where two recipes differ, in path order (undefined on the side that lacks one). Two seedscope
 * recipes: exactly {@link diffRecipes}. Where either is external: parameter by parameter as above.
 */
export function recipeDifferences(a: AnyRecipe, b: AnyRecipe): RecipeDifference[] {
  if (!isExternalRecipeBody(a) && !isExternalRecipeBody(b)) return diffRecipes(a, b);
  const fa = fieldsOf(a);
  const fb = fieldsOf(b);
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  return paths.flatMap((path) => {
    const x = fa.get(path);
    const y = fb.get(path);
    const same = x === undefined || y === undefined ? x === y : canonicalJson(x) === canonicalJson(y);
    return same ? [] : [{ path, a: x, b: y }];
  });
}

/** An external recipe's parameters as rows (name, value), in name order: the run page's configuration table. */
export function externalParamRows(config: Readonly<Record<string, unknown>>): { name: string; value: unknown }[] {
  return Object.keys(config)
    .sort()
    .map((name) => ({ name, value: config[name] }));
}
