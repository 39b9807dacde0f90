import type { RunStatus } from "@seedscope/core";
import type { ImportedRun } from "@seedscope/ingest";
import { withoutBookkeeping } from "./bookkeeping";
import type { PreparedRun } from "./types";

/**
 * Turns a parsed run into what the store gets: its configuration without bookkeeping arguments, plus its
 * parameter count (`n_parameters`, as DeiT logs it) and its seed. A run whose log covers fewer epochs than
 * its configuration's `epochs` is stored `interrupted` (a stopped or still-running job), so the views of
 * finished runs leave it out until a longer log is imported; any other run is `finished`.
 */
export function prepareRun(
  run: ImportedRun,
  identity: string,
  extra: Readonly<Record<string, unknown>> = {},
): { prepared: PreparedRun; note: string | null } {
  const params: Record<string, unknown> = { ...withoutBookkeeping(run.config ?? {}), ...extra };
  if (run.params !== null && !Object.hasOwn(params, "n_parameters")) params.n_parameters = run.params;
  if (run.seed !== null) params.seed = run.seed;
  const planned = params.epochs;
  let status: RunStatus = "finished";
  let note: string | null = null;
  if (typeof planned === "number" && run.epochs > 0 && run.epochs < planned) {
    status = "interrupted";
    note = `${run.name}: covers ${run.epochs} of the ${planned} epochs its configuration plans: stored as interrupted (outside the finished-run views) until a longer log is imported`;
  }
  return { prepared: { identity, run, params, status }, note };
}
