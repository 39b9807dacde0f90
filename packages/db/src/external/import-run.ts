import type { MetricPoint, RunStatus } from "@seedscope/core";
import { storedRecipeHash } from "@seedscope/recipes";
import { checkMetricBatch, writeMetrics } from "../metrics";
import { insertExternalRun, storeExternalRecipe } from "./insert-run";
import { changeRunStatus } from "../run-status";
import type { Store } from "../store";
import { clientsOf } from "../store-clients";
import { type ConfigFields, runIdentity } from "./run-config";
import { refreshRunSummary } from "./run-summary";

export interface ImportRunInput {
  /** "import:deit-log", "import:timm-summary", … */
  readonly source: string;
  /** What makes this run the same run on a second import (e.g. the file's path within its study). */
  readonly externalKey: string;
  readonly studyId: number | null;
  readonly name: string | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly points: readonly MetricPoint[];
  /** The model's parameter count where the file gives it (shown in the Architectures view). */
  readonly paramCount?: number | null;
  /** The run's status once imported (default `finished`). */
  readonly status?: RunStatus;
  readonly fields?: ConfigFields;
}

export type ImportOutcome = "created" | "updated" | "unchanged";

function sameMetrics(stored: readonly MetricPoint[], wanted: readonly MetricPoint[]): boolean {
  if (stored.length !== wanted.length) return false;
  const values = new Map(stored.map((p) => [`${p.key}\u0000${p.step}`, p.value]));
  return wanted.every((p) => {
    const v = values.get(`${p.key}\u0000${p.step}`);
    return v !== undefined && Object.is(v, p.value);
  });
}

/** The last point per (key, step), as the store keeps them. */
function uniquePoints(points: readonly MetricPoint[]): MetricPoint[] {
  const last = new Map<string, MetricPoint>();
  for (const p of points) last.set(`${p.key}\u0000${p.step}`, p);
  return [...last.values()];
}

/**
 * Stores an imported run, idempotently: the run of this (source, externalKey) is created, or updated when
 * the file now says something else (e.g. it grew after a resumed run appended epochs), or left as it is.
 */
export async function importRun(store: Store, input: ImportRunInput): Promise<{ id: number; outcome: ImportOutcome }> {
  const points = uniquePoints(input.points);
  checkMetricBatch(1, points);
  const identity = runIdentity(input.params, input.fields);
  const recipeHash = storedRecipeHash(identity.recipe as unknown as Record<string, unknown>);
  const status = input.status ?? "finished";
  const paramCount =
    typeof input.paramCount === "number" && Number.isInteger(input.paramCount) && input.paramCount >= 0
      ? Math.min(input.paramCount, 2_147_483_647)
      : null;
  return clientsOf(store).sql.transaction(async (tx) => {
    // Two imports of the same file at once must not both create it.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${input.source}\u001f${input.externalKey}`]);
    await storeExternalRecipe(tx, identity);
    const [existing] = await tx.query<{
      id: number;
      recipeHash: string;
      seed: number | null;
      arch: string;
      dataset: string;
      sweepId: number | null;
      name: string | null;
      status: RunStatus;
      params: number | null;
    }>(
      `SELECT id, "recipeHash", seed, arch, dataset, "sweepId", name, status, params FROM "Run"
       WHERE source = $1 AND "externalKey" = $2 ORDER BY id LIMIT 1 FOR UPDATE`,
      [input.source, input.externalKey],
    );
    if (existing) {
      const stored = await tx.query<MetricPoint>(`SELECT key, step, value FROM "Metric" WHERE "runId" = $1`, [
        existing.id,
      ]);
      const same =
        existing.recipeHash === recipeHash &&
        existing.seed === identity.seed &&
        existing.arch === identity.arch &&
        existing.dataset === identity.dataset &&
        existing.sweepId === input.studyId &&
        existing.name === input.name &&
        existing.status === status &&
        existing.params === paramCount &&
        sameMetrics(stored, points);
      if (same) return { id: existing.id, outcome: "unchanged" };
      await tx.query(
        `UPDATE "Run" SET "recipeHash" = $2, seed = $3, arch = $4, dataset = $5, "sweepId" = $6, name = $7, params = $8
         WHERE id = $1`,
        [
          existing.id,
          recipeHash,
          identity.seed,
          identity.arch,
          identity.dataset,
          input.studyId,
          input.name,
          paramCount,
        ],
      );
      await tx.query(`DELETE FROM "Metric" WHERE "runId" = $1`, [existing.id]);
      await writeMetrics(tx, existing.id, points);
      await refreshRunSummary(tx, existing.id);
      if (existing.status !== status)
        await changeRunStatus(tx, {
          runIds: [existing.id],
          from: [existing.status],
          to: status,
          message: "re-imported",
        });
      return { id: existing.id, outcome: "updated" };
    }
    const id = await insertExternalRun(tx, {
      recipeHash,
      identity,
      studyId: input.studyId,
      source: input.source,
      externalKey: input.externalKey,
      name: input.name,
      tags: null,
      paramCount,
      startMessage: `imported (${input.source})`,
    });
    if (status !== "running") await changeRunStatus(tx, { runIds: [id], from: ["running"], to: status });
    await writeMetrics(tx, id, points);
    await refreshRunSummary(tx, id);
    return { id, outcome: "created" };
  });
}
