import { RecipeSchema, UserError, describeZodError, type Recipe } from "@seedscope/core";
import { fieldsUnder } from "./fields";
import { objectNodeFor, recipeSchemaTree, variantKind, type SchemaNode } from "./schema-tree";

/*
 * `key=value` overrides (`seedscope sweep --set optimizer.lr=0.002`). Keys are dotted paths checked
 * against the schema (following the recipe's own union variants); values are read as the field's
 * type asks; the result is validated as a whole, so related fields can change together.
 */

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(
        above + 1,
        row[j - 1]! + 1,
        diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function unknownKey(key: string, parentPath: string, node: SchemaNode, value: unknown, segment: string): UserError {
  const here = parentPath || "the recipe";
  const objectNode = objectNodeFor(node, value);
  const names = Object.keys(objectNode?.properties ?? {});
  const close = names.filter((n) => editDistance(n, segment) <= Math.max(2, Math.floor(segment.length / 3)));
  const hint =
    close.length > 0
      ? ` (did you mean ${close.map((n) => (parentPath ? `${parentPath}.${n}` : n)).join(" or ")}?)`
      : "";
  // A field of another variant: say which kind has it and how to switch.
  const owners = (node.variants ?? []).filter((v) => v.properties?.[segment]).map(variantKind);
  const kindNow = isRecord(value) ? JSON.stringify(value.kind) : undefined;
  const owned = owners.map((k) => `"${k}"`).join(", ");
  const switchHint =
    owners.length > 0 && kindNow
      ? ` "${segment}" belongs to kind ${owned}, not ${kindNow}; to switch, set ${here} as JSON,` +
        ` e.g. ${parentPath}={"kind":"${owners[0]}",…}.`
      : "";
  const valid = fieldsUnder(node, value, parentPath).map((f) => f.path);
  return new UserError(
    `unknown recipe key "${key}": ${here} has no field "${segment}"${hint}.${switchHint} Valid keys under ${here}: ${valid.join(", ")}`,
  );
}

/** Walks `key` down the schema and the recipe; returns the node of the field it names. */
function resolveKey(recipe: unknown, key: string): SchemaNode {
  const segments = key.split(".");
  if (key.trim() === "" || segments.some((s) => s === "")) {
    throw new UserError(`override key "${key}" is not a dotted field path; write e.g. optimizer.lr=0.002`);
  }
  let node = recipeSchemaTree();
  let value: unknown = recipe;
  let path = "";
  for (const segment of segments) {
    const objectNode = objectNodeFor(node, value);
    if (!objectNode) {
      throw new UserError(
        `recipe key "${key}": ${path} is ${JSON.stringify(value)}, which has no field "${segment}"; set ${path} whole as JSON instead`,
      );
    }
    const child = objectNode.properties?.[segment];
    if (!child) throw unknownKey(key, path, node, value, segment);
    node = child;
    value = isRecord(value) ? value[segment] : undefined;
    path = path ? `${path}.${segment}` : segment;
  }
  return node;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads `raw` as the field's type asks: null, a number, a boolean, JSON for objects and arrays, or
 * a string. Text that fits none is kept as is, so validation reports it as "got …, expected …".
 */
function parseOverrideValue(node: SchemaNode, raw: string): unknown {
  const text = raw.trim();
  const accepts = (t: SchemaNode["types"][number]) => node.types.includes(t);
  if (text === "null" && accepts("null")) return null;
  if ((accepts("number") || accepts("integer")) && NUMBER_TEXT.test(text)) return Number(text);
  if (accepts("boolean") && (text === "true" || text === "false")) return text === "true";
  if ((accepts("object") || accepts("array")) && /^[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (accepts("string") && /^".*"$/.test(text)) return JSON.parse(text) as unknown;
  return text;
}

function setPath(target: Record<string, unknown>, segments: string[], value: unknown): void {
  let cursor = target;
  for (const segment of segments.slice(0, -1)) {
    const next = cursor[segment];
    if (!isRecord(next)) throw new Error(`internal: ${segment} is not an object`);
    cursor = next;
  }
  cursor[segments[segments.length - 1]!] = value;
}

/**
 * A new recipe with `overrides` (`"key=value"` each) applied and validated; the input is untouched.
 * Unknown keys, malformed items and invalid values throw a UserError naming the field.
 */
export function applyOverrides(recipe: Recipe, overrides: readonly string[]): Recipe {
  const result: Record<string, unknown> = structuredClone(recipe);
  const seen = new Set<string>();
  for (const item of overrides) {
    const eq = item.indexOf("=");
    if (eq < 0) throw new UserError(`override "${item}" has no "="; write key=value, e.g. optimizer.lr=0.002`);
    const key = item.slice(0, eq).trim();
    if (seen.has(key)) throw new UserError(`override key "${key}" is given twice; keep one`);
    if (key === "schemaVersion") {
      throw new UserError(`override key "schemaVersion" is set by seedscope, not by --set; remove "${item}"`);
    }
    seen.add(key);
    // Resolve against the recipe as modified so far, so `method={…}` then `method.lambda=…` works.
    const node = resolveKey(result, key);
    setPath(result, key.split("."), parseOverrideValue(node, item.slice(eq + 1)));
  }
  const parsed = RecipeSchema.safeParse(result);
  if (!parsed.success) {
    throw new UserError(describeZodError(parsed.error, `recipe after overrides ${overrides.join(" ")}`));
  }
  return parsed.data;
}

/**
 * `defaults` followed by `given`, leaving out each default whose field `given` sets too (itself or an object
 * above it), so that a preset's overrides (e.g. the small-digits setting) give way to the user's `--set`.
 * A default that sets an object above a given field stays: the given field is applied on top of it.
 */
export function overridesOnTop(defaults: readonly string[], given: readonly string[]): string[] {
  const keyOf = (item: string) => item.slice(0, Math.max(0, item.indexOf("="))).trim();
  const givenKeys = given.map(keyOf);
  const replaced = (key: string) => givenKeys.some((g) => key === g || key.startsWith(`${g}.`));
  return [...defaults.filter((item) => !replaced(keyOf(item))), ...given];
}

const DERIVED_NAME_MAX = 200;

/**
 * Display name of a recipe derived by overrides, e.g. `deit3 (epochs=3 resolution=16)`, at most 200 characters.
 * A longer list keeps its first overrides whole and counts the rest (`a2 (epochs=8 resolution=12 …+5)`), so that a
 * label made from the name still says how many overrides there are.
 */
export function derivedRecipeName(base: string, overrides: readonly string[]): string {
  const name = `${base} (${overrides.join(" ")})`;
  if (name.length <= DERIVED_NAME_MAX) return name;
  const withRest = (kept: number) => `${base} (${overrides.slice(0, kept).join(" ")} …+${overrides.length - kept})`;
  let kept = overrides.length - 1;
  while (kept > 0 && withRest(kept).length > DERIVED_NAME_MAX) kept--;
  return kept > 0 ? withRest(kept) : `${name.slice(0, DERIVED_NAME_MAX - 1)}…`;
}
