import { UserError } from "@seedscope/core";
import { parseAliases } from "@seedscope/ingest";
import type { MlflowOptions } from "./context";

/** The dashboard's MLflow flags as given on the command line. */
export interface MlflowFlags {
  /** `--metric-alias name=key`, repeatable. */
  readonly metricAlias?: readonly string[];
  /** `--seed-param <name>`. */
  readonly seedParam?: string;
  /** `--stale-after-minutes <n>`. */
  readonly staleAfterMinutes?: number;
}

/** MlflowOptions from the command line; a malformed alias or seed param is a UserError naming the flag. */
export function mlflowOptionsFromFlags(flags: MlflowFlags): MlflowOptions {
  let metricAliases: Record<string, string>;
  try {
    metricAliases = parseAliases(flags.metricAlias ?? []);
  } catch (error) {
    throw new UserError(`--metric-alias: ${(error as Error).message}`);
  }
  const seedParam = flags.seedParam?.trim();
  if (seedParam !== undefined && (seedParam === "" || seedParam.length > 250 || seedParam.includes("\u0000")))
    throw new UserError("--seed-param needs the name of the param that holds the seed, e.g. --seed-param seed");
  const minutes = flags.staleAfterMinutes;
  if (minutes !== undefined && !(Number.isFinite(minutes) && minutes > 0))
    throw new UserError("--stale-after-minutes must be a positive number of minutes, e.g. --stale-after-minutes 30");
  return {
    metricAliases,
    seedParam,
    staleAfterMs: minutes === undefined ? undefined : minutes * 60_000,
  };
}
