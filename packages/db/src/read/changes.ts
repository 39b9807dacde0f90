import { z } from "zod";
import { parseInput } from "@seedscope/core";
import type { Store } from "../store";

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

/**
 * The version of what a page shows, cheap enough to ask every few seconds. The token combines
 *  - the newest run id in scope (a run was started or planned),
 *  - the newest RunEvent id of those runs (every status change writes one: started, finished, failed, …),
 *  - the metric points of the runs still running (epochs land only on running runs).
 * Each part reads an index: the Run primary key or the index of the scope's column, RunEvent's primary key
 * or (runId, at), Metric's primary key (runId, key, step) for the running runs only; Run's status index
 * finds those. The whole-store scope never scans Run.
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
  const inScope = conditions.length === 0 ? "true" : conditions.join(" AND ");
  const eventsInScope =
    conditions.length === 0
      ? "true"
      : given.runId !== undefined && conditions.length === 1
        ? `e."runId" = $1::int`
        : `e."runId" IN (SELECT r.id FROM "Run" r WHERE ${inScope})`;
  const [row] = await store.sql.query<{ token: string; running: boolean }>(
    `WITH active AS (SELECT r.id, r.status FROM "Run" r WHERE r.status IN ('queued', 'running') AND ${inScope})
     SELECT concat_ws(':',
              (SELECT coalesce(max(r.id), 0) FROM "Run" r WHERE ${inScope}),
              (SELECT coalesce(max(e.id), 0) FROM "RunEvent" e WHERE ${eventsInScope}),
              (SELECT count(*) FROM "Metric" m WHERE m."runId" IN (SELECT id FROM active WHERE status = 'running'))
            ) AS token,
            EXISTS (SELECT 1 FROM active) AS running`,
    params,
  );
  return { token: row!.token, running: row!.running };
}
