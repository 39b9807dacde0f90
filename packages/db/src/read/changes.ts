import { z } from "zod";
import { parseInput } from "@seedscope/core";
import type { Store } from "../store";
import { clientsOf } from "../store-clients";

/**
 * What a live page shows: one run, or the runs matching every field given (a sweep, a recipe × arch ×
 * dataset group, or any part of it); no field is the whole store.
 */
export const ChangeScopeSchema = z.object({
  runId: z.number().int().positive().optional(),
  sweepId: z.number().int().positive().optional(),
  recipeHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "recipeHash must be a full 64-hex-digit recipe hash")
    .optional(),
  arch: z.string().min(1).optional(),
  dataset: z.string().min(1).optional(),
});
export type ChangeScope = z.input<typeof ChangeScopeSchema>;

export interface ChangeState {
  /** Opaque: equal tokens mean nothing in scope changed in between. */
  readonly token: string;
  /** Some run in scope is running or queued (between two seeds of a sweep nothing runs for a moment). */
  readonly running: boolean;
}

const SCOPE_COLUMNS = [
  ["runId", "id", "int"],
  ["sweepId", '"sweepId"', "int"],
  ["recipeHash", '"recipeHash"', "text"],
  ["arch", "arch", "text"],
  ["dataset", "dataset", "text"],
] as const;

/** The metric points of the running runs in `active`, counted through Metric's primary key (runId, key, step). */
const RUNNING_POINTS = `(SELECT coalesce(sum(points.n), 0) FROM active a
   CROSS JOIN LATERAL (SELECT count(*) AS n FROM "Metric" m WHERE m."runId" = a.id) points
   WHERE a.status = 'running')`;

/**
 * The whole store: the newest run and the newest RunEvent (every status change writes one) from their primary
 * keys, and the running runs from Run's status index.
 */
const STORE_VERSION = `WITH active AS MATERIALIZED (SELECT id, status FROM "Run" WHERE status IN ('queued', 'running'))
  SELECT concat_ws(':', coalesce((SELECT max(id) FROM "Run"), 0), coalesce((SELECT max(id) FROM "RunEvent"), 0),
                   ${RUNNING_POINTS}) AS token,
         EXISTS (SELECT 1 FROM active) AS running`;

/**
 * A scope: its runs once, through the index of its column (so the cost follows the scope's size, not the
 * store's): the newest, the count per status (a run that changed status moved between two counts), and the
 * newest RunEvent of the active runs (a queued run that starts keeps both counts' sum but writes an event).
 */
const scopeVersion = (
  where: string,
) => `WITH scoped AS MATERIALIZED (SELECT r.id, r.status FROM "Run" r WHERE ${where}),
    active AS (SELECT id, status FROM scoped WHERE status IN ('queued', 'running'))
  SELECT concat_ws(':', coalesce((SELECT max(id) FROM scoped), 0),
                   (SELECT string_agg(status || '=' || n, ',' ORDER BY status)
                      FROM (SELECT status::text AS status, count(*) AS n FROM scoped GROUP BY status) counts),
                   coalesce((SELECT max(last.id) FROM active a CROSS JOIN LATERAL
                      (SELECT max(e.id) AS id FROM "RunEvent" e WHERE e."runId" = a.id) last), 0),
                   ${RUNNING_POINTS}) AS token,
         EXISTS (SELECT 1 FROM active) AS running`;

/**
 * The version of what a page shows, cheap enough to ask every few seconds: equal tokens mean no run in scope
 * was added, changed status or got a metric point in between (epochs land only on running runs; a heartbeat
 * alone changes nothing shown). Every part reads an index; see STORE_VERSION and scopeVersion.
 */
export async function changesSince(store: Store, scope: ChangeScope): Promise<ChangeState> {
  const given = parseInput(ChangeScopeSchema, scope, "change scope");
  const params: unknown[] = [];
  const conditions: string[] = [];
  for (const [field, column, type] of SCOPE_COLUMNS) {
    const value = given[field];
    if (value === undefined) continue;
    params.push(value);
    conditions.push(`r.${column} = $${params.length}::${type}`);
  }
  const text = conditions.length === 0 ? STORE_VERSION : scopeVersion(conditions.join(" AND "));
  const [row] = await clientsOf(store).sql.query<{ token: string; running: boolean }>(text, params);
  return { token: row!.token, running: row!.running };
}
