import { isExternalRecipeBody, parseStoredRecipe, UserError } from "@seedscope/core";
import { getRun } from "../queries";
import type { Store } from "../store";
import { diffRecipes } from "@seedscope/recipes";
import { downsampleMinMax, type Point } from "@seedscope/stats";
import { runParams } from "../external/run-config";
import { externalParamRows } from "./recipe-fields";
import { allRecipeLabels } from "./recipe-labels";
import { recipeLabel } from "./scope";
import { clientsOf } from "../store-clients";
import { checkpointInfo } from "./checkpoint-info";
import { fingerprintRows } from "./fingerprint-rows";
import { runVerification } from "./verification-view";

/** Longest series sent to the browser; longer ones keep each bucket's min and max (spikes survive). */
export const MAX_SERIES_POINTS = 600;

export async function runPage(store: Store, id: number) {
  const run = await getRun(store, id);
  if (!run) throw new UserError(`no run has id ${id}: the Runs page lists the stored ones`);
  const parent = run.recipe.parentHash
    ? await clientsOf(store).prisma.recipe.findUnique({ where: { hash: run.recipe.parentHash } })
    : null;
  const [labels, verification, checkpoint] = await Promise.all([
    allRecipeLabels(store),
    runVerification(store, id),
    checkpointInfo(store, id),
  ]);
  const labelOf = (name: string | null, hash: string) => labels.get(hash) ?? recipeLabel(name, hash);
  const parentDiff = parent
    ? diffRecipes(
        parseStoredRecipe(parent.body, "parent recipe"),
        parseStoredRecipe(run.recipe.body, "run recipe"),
      ).map((d) => ({
        path: d.path,
        parent: d.a,
        run: d.b,
      }))
    : null;
  return {
    id: run.id,
    sweepId: run.sweepId,
    /** "seedscope" for a run trained here, else where it came from ("mlflow", "client", "import:deit-log", …). */
    source: run.source,
    /** The name its outside source gave it, or null. */
    name: run.name,
    /** An outside run's configuration and tags, shown as tables instead of a recipe; null for seedscope's own. */
    external: outsideView(run.recipe.body, run.seed, run.externalKey, run.externalTags),
    arch: run.arch,
    archSpec: run.archSpec,
    dataset: run.dataset,
    seed: run.seed,
    status: run.status,
    statusReason: run.statusReason,
    worker: run.worker,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    heartbeatAt: run.heartbeatAt,
    epochsDone: run.epochsDone,
    gitCommit: run.gitCommit,
    gitDirty: run.gitDirty,
    environment: run.environment,
    /** The environment and data fingerprint as grouped rows (software, machine, data). */
    fingerprint: fingerprintRows(run.environment, run),
    /** Its reruns' verdicts, and the original when it is a rerun. */
    verification,
    /** The stored checkpoint (only the latest end-of-epoch one is kept), or null. */
    checkpoint,
    params: run.params,
    flops: run.flops,
    throughput: run.throughput,
    collapsed: run.collapsed,
    /** The training process's peak resident memory (MB), not a property of the model. */
    processPeakRssMb: run.peakMemoryMb,
    /** The tensors' high-water mark (MB). */
    tensorPeakMb: run.peakTensorMb,
    summary: run.summary,
    recipe: {
      hash: run.recipe.hash,
      name: run.recipe.name,
      label: labelOf(run.recipe.name, run.recipe.hash),
      body: run.recipe.body,
    },
    parent: parent
      ? { hash: parent.hash, name: parent.name, label: labelOf(parent.name, parent.hash), diff: parentDiff! }
      : null,
    events: run.events.map((e) => ({ at: e.at, status: e.status, message: e.message })),
    metricKeys: run.metricKeys.map((k) => ({
      key: k.key,
      points: k.points,
      lastStep: k.lastStep,
      lastValue: k.lastValue,
    })),
  };
}

export type RunPage = Awaited<ReturnType<typeof runPage>>;

/** What an outside run logged: its parameters (the seed put back, as it logged it) and its tags, by name. */
export interface OutsideRunView {
  readonly externalKey: string;
  readonly params: { name: string; value: unknown }[];
  readonly tags: { name: string; value: string }[];
}

function outsideView(body: unknown, seed: number | null, externalKey: string, tags: unknown): OutsideRunView | null {
  if (!isExternalRecipeBody(body)) return null;
  const tagRecord = typeof tags === "object" && tags !== null && !Array.isArray(tags) ? tags : {};
  return {
    externalKey,
    params: externalParamRows(runParams(body.config, seed)),
    tags: Object.entries(tagRecord)
      .map(([name, value]) => ({ name, value: typeof value === "string" ? value : JSON.stringify(value) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Every metric of a run, each downsampled to at most {@link MAX_SERIES_POINTS} points. */
export async function runMetrics(store: Store, id: number): Promise<{ key: string; points: Point[]; total: number }[]> {
  const rows = await clientsOf(store).sql.query<{ key: string; steps: number[]; values: number[] }>(
    `SELECT key, array_agg(step ORDER BY step) AS steps, array_agg(value ORDER BY step) AS values
     FROM "Metric" WHERE "runId" = $1 GROUP BY key ORDER BY key`,
    [id],
  );
  return rows.map((r) => {
    const total = r.steps.length;
    const series = { x: r.steps, y: r.values.map(Number) };
    const points =
      total > MAX_SERIES_POINTS
        ? downsampleMinMax(series, MAX_SERIES_POINTS).points
        : r.steps.map((x, i) => ({ x, y: series.y[i]! }));
    return { key: r.key, points, total };
  });
}
