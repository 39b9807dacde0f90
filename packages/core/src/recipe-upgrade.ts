import { UserError } from "./errors";
import { isExternalRecipeBody } from "./external-recipe";

/*
 * Stored recipes outlive the code that wrote them. A body carries `schemaVersion` (a body without one is
 * version 1, as every body stored before versions existed); `upgradeRecipeBody` brings any older body to
 * today's shape by running the migrations vN → vN+1 in order, each adding its fields with the value that
 * reproduces the old behaviour exactly. `parseRecipe` upgrades before it validates, so every reader of a
 * stored body gets the upgrade in this one place.
 *
 * Identity: a recipe's hash is taken over its identity body — the upgraded body without `schemaVersion`
 * and without every migration-added field still at its old-behaviour default. For a version-1 body that is
 * the body as stored before versions existed, so no stored hash changes; an old body, its upgraded twin
 * and a new body that spells the defaults out all train alike and all share one hash, so their runs group
 * together and resume finds the stored recipe. A field set away from its default gives a new hash.
 */

/** A JSON object as stored in the `Recipe` table. */
export type RecipeBody = Record<string, unknown>;

/** One field a migration adds, with the value under which training behaves as before the field existed. */
export interface AddedField {
  /** Dotted path from the recipe's root, e.g. `augment.grayscale`; its parent object must exist. */
  readonly path: string;
  /** The old-behaviour value (plain JSON). */
  readonly default: unknown;
  /** Only for bodies where this holds (a field of one union variant, e.g. one method kind); default: all. */
  readonly appliesTo?: (body: RecipeBody) => boolean;
}

/** The step from version `to − 1` to version `to`. */
export interface RecipeMigration {
  readonly to: number;
  readonly adds: readonly AddedField[];
}

/**
 * Today's migrations, oldest first (version 1 is the first version); the README ("Changing the recipe
 * schema") says how to add one.
 */
export const RECIPE_MIGRATIONS: readonly RecipeMigration[] = [
  {
    // Fidelity fixes (issue #18): DeiT III thresholds BCE targets after mixing; 3-Augment's blur σ is a
    // 224-px value. Before version 2 targets stayed soft and σ was applied in pixels of the trained image.
    to: 2,
    adds: [
      { path: "bceTargetThreshold", default: null },
      { path: "augment.blurSigma", default: [0.1, 2] },
      { path: "augment.blurReferenceResolution", default: null },
    ],
  },
  {
    // Fidelity fixes (issue #18, the "missing or minor" list): timm's RandAugment ops, AutoAugment, ST++'s PCA
    // lighting, drop-path ramped per block, efficient stochastic depth scaled by its effective rate, bicubic
    // position-embedding resize. Before version 3 none of these existed and each default is that behaviour.
    to: 3,
    adds: [
      { path: "augment.randAugment.ops", default: "seedscope-v1" },
      { path: "augment.autoAugment", default: null },
      { path: "augment.pcaLighting", default: 0 },
      { path: "stochasticDepth.per", default: "branch" },
      {
        path: "method.esdScale",
        default: "nominal",
        appliesTo: (b) => isRecord(b.method) && b.method.kind === "cosub",
      },
      { path: "posEmbedResize", default: "bilinear" },
    ],
  },
];

/** The field that carries a body's schema version. */
export const SCHEMA_VERSION_FIELD = "schemaVersion";

/** The version a list of migrations produces (1 + its length), after checking that it counts up from 2. */
export function schemaVersionOf(migrations: readonly RecipeMigration[]): number {
  migrations.forEach((m, i) => {
    if (m.to !== i + 2) throw new Error(`recipe migration ${i} goes to version ${m.to}, expected ${i + 2}`);
  });
  return migrations.length + 1;
}

function isRecord(v: unknown): v is RecipeBody {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The version a stored body declares (1 when it has none); a malformed one is a UserError naming the field. */
function declaredVersion(body: RecipeBody, latest: number, what: string): number {
  const v = body[SCHEMA_VERSION_FIELD];
  if (v === undefined) return 1;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new UserError(
      `invalid ${what}: ${SCHEMA_VERSION_FIELD}: got ${JSON.stringify(v)}, expected an integer ≥ 1 (or no field, meaning 1)`,
    );
  }
  if (v > latest) {
    throw new UserError(
      `${what}: recipe schema version ${v} is newer than this seedscope (${latest}): upgrade seedscope`,
    );
  }
  return v;
}

/** The parent object of a dotted path and the last key, or undefined where a parent is missing. */
function locate(body: RecipeBody, path: string): { parent: RecipeBody; key: string } | undefined {
  const keys = path.split(".");
  let parent: unknown = body;
  for (const key of keys.slice(0, -1)) parent = isRecord(parent) ? parent[key] : undefined;
  return isRecord(parent) ? { parent, key: keys[keys.length - 1]! } : undefined;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return Object.is(a, b) || (a === 0 && b === 0);
}

/**
 * A copy of a stored body in today's shape (`schemaVersion` set to the latest): each migration past the
 * body's version adds its fields where they are missing. Only the version is checked here; the fields are
 * validated by the schema afterwards. A body from a newer version is a UserError saying to upgrade.
 */
export function upgradeRecipeBody(
  input: RecipeBody,
  what = "recipe",
  migrations: readonly RecipeMigration[] = RECIPE_MIGRATIONS,
): RecipeBody {
  // An external recipe is any JSON a script logged: it has no schema version and nothing to upgrade.
  if (isExternalRecipeBody(input)) return structuredClone(input);
  const latest = schemaVersionOf(migrations);
  const body = structuredClone(input);
  const from = declaredVersion(body, latest, what);
  for (const migration of migrations.slice(from - 1)) {
    for (const field of migration.adds) {
      if (field.appliesTo && !field.appliesTo(body)) continue;
      const at = locate(body, field.path);
      if (at && !Object.hasOwn(at.parent, at.key)) at.parent[at.key] = structuredClone(field.default);
    }
  }
  // The version goes first, so that a stored body shows it at the top.
  return {
    [SCHEMA_VERSION_FIELD]: latest,
    ...Object.fromEntries(Object.entries(body).filter(([k]) => k !== SCHEMA_VERSION_FIELD)),
  };
}

/** `upgradeRecipeBody` for any input: a non-object is passed on as is, for the schema to name the problem. */
export function upgradeStoredRecipe(
  input: unknown,
  what = "recipe",
  migrations: readonly RecipeMigration[] = RECIPE_MIGRATIONS,
): unknown {
  return isRecord(input) ? upgradeRecipeBody(input, what, migrations) : input;
}

/**
 * The body a recipe's hash is taken over: upgraded, then without `schemaVersion` and without each
 * migration-added field that still holds its old-behaviour default (see the comment at the top). Needs no
 * valid recipe, so the store can file any JSON object under it.
 */
export function recipeIdentityBody(
  input: RecipeBody,
  migrations: readonly RecipeMigration[] = RECIPE_MIGRATIONS,
): RecipeBody {
  const body = upgradeRecipeBody(input, "recipe", migrations);
  if (isExternalRecipeBody(body)) return body;
  delete body[SCHEMA_VERSION_FIELD];
  for (const migration of [...migrations].reverse()) {
    for (const field of [...migration.adds].reverse()) {
      if (field.appliesTo && !field.appliesTo(body)) continue;
      const at = locate(body, field.path);
      if (at && Object.hasOwn(at.parent, at.key) && sameJson(at.parent[at.key], field.default)) {
        delete at.parent[at.key];
      }
    }
  }
  return body;
}
