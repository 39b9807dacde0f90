import { isExternalRecipeBody, type MetricPoint, type RunStatus, UserError } from "@seedscope/core";
import { canonicalJson } from "@seedscope/recipes";
import { DB_NOW } from "../db-now";
import { checkMetricBatch, writeMetrics } from "../metrics";
import { changeRunStatus } from "../run-status";
import type { SqlClient } from "../sql-client";
import type { Store } from "../store";
import { clientsOf } from "../store-clients";
import { ConflictError, NotFoundError } from "./errors";
import { insertExternalRun, storeExternalRecipe } from "./insert-run";
import { type ConfigFields, runIdentity, runParams } from "./run-config";
import { refreshRunSummary } from "./run-summary";

/*
 * Runs trained outside seedscope: logged through the MLflow-compatible API or the client, or imported
 * from files. Their parameters are an external recipe (see core's external-recipe.ts), so runs that differ
 * only by the seed share a recipe and form one seed group; their metrics go into the same table as
 * seedscope's own, a (run, key, step) written again replacing the earlier value.
 */

export interface CreateExternalRunInput {
  /** The study (an outside sweep) it belongs to, or null. */
  readonly studyId: number | null;
  /** "mlflow", "client", "import:deit-log", … */
  readonly source: string;
  /** Identifies the run within its source (a random id for a logged run, the file for an import). */
  readonly externalKey: string;
  readonly name?: string | null;
  readonly startTime?: Date;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly tags?: Readonly<Record<string, string>>;
  readonly fields?: ConfigFields;
}

/** An outside run as the API shows it. */
export interface ExternalRunView {
  readonly id: number;
  readonly studyId: number | null;
  readonly source: string;
  readonly externalKey: string;
  readonly name: string | null;
  readonly status: RunStatus;
  readonly statusReason: string | null;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  /** The last write (a metric, a parameter, a status): the client's heartbeat. */
  readonly heartbeatAt: Date | null;
  readonly recipeHash: string;
  readonly arch: string;
  readonly dataset: string;
  readonly seed: number | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Each key's value at its highest step. */
  readonly latestMetrics: readonly MetricPoint[];
}

const MAX_INT = 2_147_483_647;

function checkRunId(runId: number): void {
  if (!Number.isInteger(runId) || runId <= 0 || runId > MAX_INT) throw new NotFoundError(`no run has id ${runId}`);
}

interface LockedRun {
  id: number;
  source: string;
  status: RunStatus;
  seed: number | null;
  body: unknown;
}

/** Locks an outside run for a write; a missing run or one trained by seedscope is refused. */
async function lockExternalRun(tx: SqlClient, runId: number): Promise<LockedRun> {
  checkRunId(runId);
  const [run] = await tx.query<LockedRun>(
    `SELECT r.id, r.source, r.status, r.seed, rc.body FROM "Run" r JOIN "Recipe" rc ON rc.hash = r."recipeHash"
     WHERE r.id = $1 FOR UPDATE OF r`,
    [runId],
  );
  if (!run) throw new NotFoundError(`no run has id ${runId}`);
  if (run.source === "seedscope")
    throw new UserError(`run ${runId} was trained by seedscope: its record is written by its training process only`);
  return run;
}

/** Marks the run alive (its client wrote); a run shown interrupted for its silence comes back to running. */
async function touch(tx: SqlClient, run: LockedRun): Promise<void> {
  if (run.status === "interrupted") {
    await changeRunStatus(tx, {
      runIds: [run.id],
      from: ["interrupted"],
      to: "running",
      message: "its client wrote again",
    });
  } else await tx.query(`UPDATE "Run" SET "heartbeatAt" = ${DB_NOW} WHERE id = $1`, [run.id]);
}

/** Creates an outside run, `running` from its start time (default: now). */
export async function createExternalRun(store: Store, input: CreateExternalRunInput): Promise<{ id: number }> {
  const identity = runIdentity(input.params ?? {}, input.fields);
  return clientsOf(store).sql.transaction(async (tx) => {
    const recipeHash = await storeExternalRecipe(tx, identity);
    const tags = input.tags ?? {};
    const id = await insertExternalRun(tx, {
      recipeHash,
      identity,
      studyId: input.studyId,
      source: input.source,
      externalKey: input.externalKey,
      name: input.name ?? tags["mlflow.runName"] ?? null,
      tags,
      paramCount: null,
      startMessage: `logged by ${input.source}`,
    });
    if (input.startTime) await tx.query(`UPDATE "Run" SET "startedAt" = $2 WHERE id = $1`, [id, input.startTime]);
    return { id };
  });
}

/**
 * Adds parameters to an outside run. A parameter is logged once: the same value again changes nothing,
 * another value is a ConflictError (as in MLflow). The run's recipe, seed, architecture and dataset follow.
 */
export async function logExternalParams(
  store: Store,
  runId: number,
  params: Readonly<Record<string, unknown>>,
  fields: ConfigFields = {},
): Promise<void> {
  await clientsOf(store).sql.transaction(async (tx) => {
    const run = await lockExternalRun(tx, runId);
    const config = isExternalRecipeBody(run.body) ? run.body.config : {};
    const current = runParams(config, run.seed, fields);
    const merged = { ...current };
    for (const [key, value] of Object.entries(params)) {
      if (Object.hasOwn(current, key) && canonicalJson(current[key]) !== canonicalJson(value)) {
        // A seed logged as "42" and stored as 42 is the same value.
        if (!(String(current[key]) === String(value)))
          throw new ConflictError(
            `param "${key}" of run ${runId} was already logged as ${JSON.stringify(current[key])}; a param cannot change (got ${JSON.stringify(value)})`,
          );
        continue;
      }
      merged[key] = value;
    }
    const identity = runIdentity(merged, fields);
    const recipeHash = await storeExternalRecipe(tx, identity);
    await tx.query(`UPDATE "Run" SET "recipeHash" = $2, seed = $3, arch = $4, dataset = $5 WHERE id = $1`, [
      runId,
      recipeHash,
      identity.seed,
      identity.arch,
      identity.dataset,
    ]);
    await touch(tx, run);
  });
}

/** Sets tags of an outside run (a tag set again takes the new value); `mlflow.runName` also names the run. */
export async function setExternalTags(
  store: Store,
  runId: number,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  await clientsOf(store).sql.transaction(async (tx) => {
    const run = await lockExternalRun(tx, runId);
    await tx.query(
      `UPDATE "Run" SET "externalTags" = COALESCE("externalTags", '{}'::jsonb) || $2::jsonb,
              name = COALESCE($3, name) WHERE id = $1`,
      [runId, JSON.stringify(tags), tags["mlflow.runName"] ?? null],
    );
    await touch(tx, run);
  });
}

/** Removes one tag of an outside run. */
export async function deleteExternalTag(store: Store, runId: number, key: string): Promise<void> {
  await clientsOf(store).sql.transaction(async (tx) => {
    const run = await lockExternalRun(tx, runId);
    await tx.query(`UPDATE "Run" SET "externalTags" = COALESCE("externalTags", '{}'::jsonb) - $2 WHERE id = $1`, [
      runId,
      key,
    ]);
    await touch(tx, run);
  });
}

/**
 * Writes metric points (seedscope keys) of an outside run, all or none; a (key, step) written again
 * replaces its value. The run's summary (final val and v2 top-1) and epochs follow.
 */
export async function logExternalMetrics(store: Store, runId: number, points: readonly MetricPoint[]): Promise<void> {
  checkRunId(runId);
  checkMetricBatch(runId, points);
  await clientsOf(store).sql.transaction(async (tx) => {
    const run = await lockExternalRun(tx, runId);
    await writeMetrics(tx, runId, points);
    if (points.length > 0) await refreshRunSummary(tx, runId);
    await touch(tx, run);
  });
}

/** Updates an outside run's status (with its end time), name or both. */
export async function updateExternalRun(
  store: Store,
  runId: number,
  update: { status?: RunStatus; endTime?: Date | null; name?: string | null },
): Promise<void> {
  await clientsOf(store).sql.transaction(async (tx) => {
    const run = await lockExternalRun(tx, runId);
    if (update.status !== undefined && update.status !== run.status) {
      await changeRunStatus(tx, {
        runIds: [runId],
        from: [run.status],
        to: update.status,
        message: `set by its client (${run.source})`,
      });
    } else await touch(tx, run);
    if (update.endTime !== undefined && update.status !== "running")
      await tx.query(`UPDATE "Run" SET "finishedAt" = COALESCE($2, "finishedAt") WHERE id = $1`, [
        runId,
        update.endTime,
      ]);
    if (update.name !== undefined && update.name !== null)
      await tx.query(`UPDATE "Run" SET name = $2 WHERE id = $1`, [runId, update.name]);
  });
}

/** Deletes an outside run and its metrics. */
export async function deleteExternalRun(store: Store, runId: number): Promise<void> {
  await clientsOf(store).sql.transaction(async (tx) => {
    await lockExternalRun(tx, runId);
    await tx.query(`DELETE FROM "Run" WHERE id = $1`, [runId]);
  });
}

interface ViewRow {
  id: number;
  sweepId: number | null;
  source: string;
  externalKey: string;
  name: string | null;
  status: RunStatus;
  statusReason: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
  recipeHash: string;
  arch: string;
  dataset: string;
  seed: number | null;
  body: unknown;
  externalTags: Record<string, string> | null;
}

const SELECT_VIEW = `SELECT r.id, r."sweepId", r.source, r."externalKey", r.name, r.status, r."statusReason", r."startedAt",
       r."finishedAt", r."heartbeatAt", r."recipeHash", r.arch, r.dataset, r.seed, rc.body, r."externalTags"
  FROM "Run" r JOIN "Recipe" rc ON rc.hash = r."recipeHash"`;

async function views(sql: SqlClient, rows: readonly ViewRow[], fields: ConfigFields): Promise<ExternalRunView[]> {
  if (rows.length === 0) return [];
  const latest = await sql.query<{ runId: number; key: string; step: number; value: number }>(
    `SELECT DISTINCT ON ("runId", key) "runId", key, step, value FROM "Metric"
     WHERE "runId" = ANY($1::int[]) ORDER BY "runId", key, step DESC`,
    [rows.map((r) => r.id)],
  );
  const byRun = new Map<number, MetricPoint[]>();
  for (const m of latest) {
    let list = byRun.get(m.runId);
    if (!list) byRun.set(m.runId, (list = []));
    list.push({ key: m.key, step: m.step, value: m.value });
  }
  return rows.map((r) => ({
    id: r.id,
    studyId: r.sweepId,
    source: r.source,
    externalKey: r.externalKey,
    name: r.name,
    status: r.status,
    statusReason: r.statusReason,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    heartbeatAt: r.heartbeatAt,
    recipeHash: r.recipeHash,
    arch: r.arch,
    dataset: r.dataset,
    seed: r.seed,
    params: runParams(isExternalRecipeBody(r.body) ? r.body.config : {}, r.seed, fields),
    tags: r.externalTags ?? {},
    latestMetrics: byRun.get(r.id) ?? [],
  }));
}

/** An outside run, or a NotFoundError; a run trained by seedscope is shown with its recipe as params. */
export async function getExternalRun(store: Store, runId: number, fields: ConfigFields = {}): Promise<ExternalRunView> {
  checkRunId(runId);
  const sql = clientsOf(store).sql;
  const rows = await sql.query<ViewRow>(`${SELECT_VIEW} WHERE r.id = $1`, [runId]);
  if (rows.length === 0) throw new NotFoundError(`no run has id ${runId}`);
  return (await views(sql, rows, fields))[0]!;
}

/** The outside runs of some studies (newest first), at most `limit`; for searches filtered by the caller. */
export async function listExternalRuns(
  store: Store,
  query: { studyIds: readonly number[]; statuses?: readonly RunStatus[]; limit?: number },
  fields: ConfigFields = {},
): Promise<ExternalRunView[]> {
  const ids = query.studyIds.filter((id) => Number.isInteger(id) && id > 0 && id <= MAX_INT);
  if (ids.length === 0) return [];
  const sql = clientsOf(store).sql;
  const rows = await sql.query<ViewRow>(
    `${SELECT_VIEW} WHERE r."sweepId" = ANY($1::int[]) AND ($2::"RunStatus"[] IS NULL OR r.status = ANY($2::"RunStatus"[]))
     ORDER BY r.id DESC LIMIT $3`,
    [ids, query.statuses ?? null, query.limit ?? 50_000],
  );
  return views(sql, rows, fields);
}

/** Every value of one metric of a run, by step. */
export async function externalMetricHistory(
  store: Store,
  runId: number,
  key: string,
): Promise<{ step: number; value: number }[]> {
  checkRunId(runId);
  const sql = clientsOf(store).sql;
  const exists = await sql.query<{ id: number }>(`SELECT id FROM "Run" WHERE id = $1`, [runId]);
  if (exists.length === 0) throw new NotFoundError(`no run has id ${runId}`);
  return sql.query<{ step: number; value: number }>(
    `SELECT step, value FROM "Metric" WHERE "runId" = $1 AND key = $2 ORDER BY step`,
    [runId, key],
  );
}

/**
 * Marks every outside run still `running` whose client has not written for `olderThanMs` as `interrupted`
 * (MLflow would leave it RUNNING for ever); a later write brings it back. Returns the ids.
 */
export async function interruptSilentExternalRuns(store: Store, olderThanMs: number): Promise<number[]> {
  return clientsOf(store).sql.transaction(async (tx) => {
    const silent = await tx.query<{ id: number }>(
      `SELECT id FROM "Run" WHERE status = 'running' AND source <> 'seedscope'
         AND "heartbeatAt" < ${DB_NOW} - make_interval(secs => $1::double precision / 1000) FOR UPDATE SKIP LOCKED`,
      [olderThanMs],
    );
    const moved = await changeRunStatus(tx, {
      runIds: silent.map((r) => r.id),
      from: ["running"],
      to: "interrupted",
      message: `its client has not written for ${Math.round(olderThanMs / 1000)} s (it may have died); a new write resumes it`,
    });
    return moved.map((r) => r.id);
  });
}
