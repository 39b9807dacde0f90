import { RecipeSchema } from "@seedscope/core";

/*
 * The recipe schema as a plain tree, read from its JSON Schema (zod's `toJSONSchema`), so this package
 * can find fields, their descriptions and accepted types without reaching into zod internals.
 */

export type ValueType = "object" | "array" | "number" | "integer" | "string" | "boolean" | "null";

export interface SchemaNode {
  types: ValueType[];
  description?: string;
  /** Fields of an object node. */
  properties?: Record<string, SchemaNode>;
  /** Alternatives: a tagged union (`kind`) or a nullable value. */
  variants?: SchemaNode[];
  /** Allowed values of a string enum or a literal. */
  values?: unknown[];
  /** Fixed-length tuple items. */
  items?: SchemaNode[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
}

const VALUE_TYPES: readonly ValueType[] = ["object", "array", "number", "integer", "string", "boolean", "null"];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A bound, or undefined for none; zod writes ±MAX_SAFE_INTEGER as the implicit bounds of an integer. */
const numberOrUndefined = (v: unknown) =>
  typeof v === "number" && Math.abs(v) !== Number.MAX_SAFE_INTEGER ? v : undefined;

/** Reads one JSON Schema node, keeping only what the recipe tools use. */
function toNode(raw: unknown): SchemaNode {
  if (!isRecord(raw)) return { types: [] };
  const node: SchemaNode = { types: [] };
  if (typeof raw.type === "string" && (VALUE_TYPES as readonly string[]).includes(raw.type)) {
    node.types.push(raw.type as ValueType);
  }
  if (typeof raw.description === "string") node.description = raw.description;
  if (isRecord(raw.properties)) {
    node.properties = Object.fromEntries(Object.entries(raw.properties).map(([k, v]) => [k, toNode(v)]));
  }
  const alternatives = Array.isArray(raw.oneOf) ? raw.oneOf : Array.isArray(raw.anyOf) ? raw.anyOf : undefined;
  if (alternatives) {
    node.variants = alternatives.map(toNode);
    for (const v of node.variants) for (const t of v.types) if (!node.types.includes(t)) node.types.push(t);
  }
  if (Array.isArray(raw.enum)) node.values = raw.enum;
  if ("const" in raw) node.values = [raw.const];
  if (Array.isArray(raw.prefixItems)) node.items = raw.prefixItems.map(toNode);
  node.minimum = numberOrUndefined(raw.minimum);
  node.exclusiveMinimum = numberOrUndefined(raw.exclusiveMinimum);
  node.maximum = numberOrUndefined(raw.maximum);
  node.exclusiveMaximum = numberOrUndefined(raw.exclusiveMaximum);
  return node;
}

let cached: SchemaNode | undefined;

/** The recipe schema tree (built once). */
export function recipeSchemaTree(): SchemaNode {
  cached ??= toNode(RecipeSchema.toJSONSchema());
  return cached;
}

/** The `kind` tag of a tagged-union variant, if it is one. */
export function variantKind(node: SchemaNode): string | undefined {
  const tag = node.properties?.kind?.values?.[0];
  return typeof tag === "string" ? tag : undefined;
}

/**
 * The object node that describes `value` under `node`: the union variant whose `kind` matches, the
 * non-null side of a nullable, or the node itself. Undefined when no object shape applies.
 */
export function objectNodeFor(node: SchemaNode, value: unknown): SchemaNode | undefined {
  if (node.properties) return node;
  if (!node.variants || !isRecord(value)) return undefined;
  const objects = node.variants.filter((v) => v.properties);
  if (objects.length === 1 && variantKind(objects[0]!) === undefined) return objects[0];
  return objects.find((v) => variantKind(v) === value.kind);
}

function rangeText(node: SchemaNode, noun: string): string {
  const lo =
    node.minimum !== undefined
      ? `≥ ${node.minimum}`
      : node.exclusiveMinimum !== undefined
        ? `> ${node.exclusiveMinimum}`
        : undefined;
  const hi =
    node.maximum !== undefined
      ? `≤ ${node.maximum}`
      : node.exclusiveMaximum !== undefined
        ? `< ${node.exclusiveMaximum}`
        : undefined;
  return [noun, [lo, hi].filter(Boolean).join(" and ")].filter(Boolean).join(" ");
}

/** What a node accepts, in words: "a number > 0, or null", "one of "ce", "bce"". */
export function expectedText(node: SchemaNode): string {
  if (node.variants) {
    const kinds = node.variants.map(variantKind).filter((k): k is string => k !== undefined);
    if (kinds.length > 0) return `a JSON object whose "kind" is one of ${kinds.map((k) => `"${k}"`).join(", ")}`;
    return node.variants.map(expectedText).join(", or ");
  }
  if (node.values) return `one of ${node.values.map((v) => JSON.stringify(v)).join(", ")}`;
  const [type] = node.types;
  switch (type) {
    case "number":
      return rangeText(node, "a number");
    case "integer":
      return rangeText(node, "an integer");
    case "boolean":
      return "true or false";
    case "null":
      return "null";
    case "array":
      return `a JSON array of ${node.items?.length ?? "some"} numbers`;
    case "object":
      return `a JSON object with fields ${Object.keys(node.properties ?? {}).join(", ")}`;
    default:
      return "a string";
  }
}
