/*
 * A run trained outside seedscope (a PyTorch script logging through the MLflow-compatible API, an imported
 * log file) has a configuration of any shape: its hyper-parameters as the script or file gave them. It is
 * stored as a recipe of kind "external" — content-addressed like seedscope's own recipes, so that runs whose
 * configuration differs only by the seed share a recipe and form one seed group — but never validated
 * against seedscope's recipe schema, never upgraded and never trained.
 */

/** The body of an external recipe: `config` holds the run's parameters (the seed taken out). */
export interface ExternalRecipeBody {
  readonly kind: "external";
  readonly config: Readonly<Record<string, unknown>>;
}

export const EXTERNAL_RECIPE_KIND = "external";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether a stored body is an external recipe (seedscope's own recipes have no top-level `kind`). */
export function isExternalRecipeBody(body: unknown): body is ExternalRecipeBody {
  return isRecord(body) && body.kind === EXTERNAL_RECIPE_KIND && isRecord(body.config);
}

/** The external recipe body for a configuration. */
export function externalRecipeBody(config: Readonly<Record<string, unknown>>): ExternalRecipeBody {
  return { kind: EXTERNAL_RECIPE_KIND, config: { ...config } };
}
