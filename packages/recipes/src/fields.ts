import type { Recipe } from "@seedscope/core";
import { expectedText, objectNodeFor, recipeSchemaTree, variantKind, type SchemaNode } from "./schema-tree";

/** One settable field of a recipe, for `--set key=value`, the CLI's help and the diff view. */
export interface RecipeField {
  path: string;
  description: string;
  /** What the field accepts, in words. */
  expected: string;
}

/** Set by seedscope, never by hand: not a settable field. */
const SCHEMA_VERSION = "schemaVersion";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The leaf fields of `recipe` (tuples count as leaves), following its union variants: a cosub
 * recipe lists `method.lambda`, a standard one does not. A field whose value is null but could
 * hold an object (e.g. `augment.randAugment`) is listed as one leaf, set as JSON.
 */
export function recipeFields(recipe: Recipe, prefix = ""): RecipeField[] {
  return fieldsUnder(recipeSchemaTree(), recipe, prefix);
}

export function fieldsUnder(node: SchemaNode, value: unknown, prefix: string): RecipeField[] {
  const objectNode = objectNodeFor(node, value);
  if (!objectNode?.properties || !isRecord(value)) {
    return [{ path: prefix, description: node.description ?? "", expected: expectedText(node) }];
  }
  const kinds = (node.variants ?? []).map(variantKind).filter((k): k is string => k !== undefined);
  return Object.entries(objectNode.properties).flatMap(([key, child]) => {
    if (key === SCHEMA_VERSION) return [];
    const path = prefix ? `${prefix}.${key}` : key;
    if (key === "kind" && kinds.length > 0) {
      // The tag of a union: changing it changes which fields exist, so the whole object is set.
      const list = kinds.map((k) => `"${k}"`).join(", ");
      const description = `${node.description ?? "variant"}: the kind (to switch, set ${prefix || "it"} whole as JSON)`;
      return [{ path, description, expected: `one of ${list}` }];
    }
    return fieldsUnder(child, value[key], path);
  });
}
