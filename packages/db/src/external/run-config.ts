import { externalRecipeBody, type ExternalRecipeBody } from "@seedscope/core";

/** Which parameters of an outside run say its seed, architecture and dataset. */
export interface ConfigFields {
  /** The parameter that holds the seed (default `seed`). */
  readonly seedParam?: string;
}

export const DEFAULT_SEED_PARAM = "seed";
const ARCH_PARAMS = ["arch", "model", "architecture", "model_name", "network"] as const;
const DATASET_PARAMS = ["dataset", "data_set", "data", "dataset_name"] as const;
/** Shown where an outside run's configuration names no architecture or dataset. */
export const UNKNOWN_LABEL = "unknown";
const MAX_SEED = 2_147_483_647;

/** What identifies an outside run's configuration in the store. */
export interface RunIdentity {
  /** The recipe body: every parameter but the seed. */
  readonly recipe: ExternalRecipeBody;
  readonly seed: number | null;
  readonly arch: string;
  readonly dataset: string;
}

/** A seed parameter's value as a seed, or null when it is not a whole number from 0 to 2³¹ − 1. */
export function seedValue(value: unknown): number | null {
  const n =
    typeof value === "number" ? value : typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= MAX_SEED ? n : null;
}

function label(params: Readonly<Record<string, unknown>>, names: readonly string[]): string {
  for (const name of names) {
    const value = params[name];
    if ((typeof value === "string" && value.trim() !== "") || typeof value === "number") return String(value).trim();
  }
  return UNKNOWN_LABEL;
}

/**
 * Splits an outside run's parameters into its recipe (all of them but a usable seed), its seed, and the
 * architecture and dataset its parameters name. A seed parameter that is not a whole number stays in the
 * recipe, and the run has no seed.
 */
export function runIdentity(params: Readonly<Record<string, unknown>>, fields: ConfigFields = {}): RunIdentity {
  const seedParam = fields.seedParam ?? DEFAULT_SEED_PARAM;
  const seed = Object.hasOwn(params, seedParam) ? seedValue(params[seedParam]) : null;
  const config = { ...params };
  if (seed !== null) delete config[seedParam];
  return {
    recipe: externalRecipeBody(config),
    seed,
    arch: label(params, ARCH_PARAMS).slice(0, 200),
    dataset: label(params, DATASET_PARAMS).slice(0, 200),
  };
}

/** The parameters an outside run logged: its recipe's configuration with the seed put back. */
export function runParams(
  config: Readonly<Record<string, unknown>>,
  seed: number | null,
  fields: ConfigFields = {},
): Record<string, unknown> {
  if (seed === null) return { ...config };
  return { ...config, [fields.seedParam ?? DEFAULT_SEED_PARAM]: seed };
}
