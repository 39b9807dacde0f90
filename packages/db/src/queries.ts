import { z } from "zod";
import { parseInput, RunStatusSchema, RUN_STATUSES, type RunStatus } from "@seedscope/core";
import type { Store } from "./store";
import { clientsOf } from "./store-clients";

export interface StoreCounts {
  readonly recipes: number;
  readonly sweeps: number;
  readonly runs: number;
  readonly runsByStatus: Readonly<Record<RunStatus, number>>;
  readonly metrics: number;
}

export async function storeCounts(store: Store): Promise<StoreCounts> {
  const [totals] = await clientsOf(store).sql.query<{ recipes: number; sweeps: number; metrics: number }>(
    `SELECT (SELECT count(*)::int FROM "Recipe") AS recipes, (SELECT count(*)::int FROM "Sweep") AS sweeps,
            (SELECT count(*)::int FROM "Metric") AS metrics`,
  );
  const byStatus = await clientsOf(store).sql.query<{ status: RunStatus; n: number }>(
    `SELECT status::text AS status, count(*)::int AS n FROM "Run" GROUP BY status`,
  );
  const runsByStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  for (const row of byStatus) runsByStatus[row.status] = row.n;
  return {
    recipes: totals!.recipes,
    sweeps: totals!.sweeps,
    metrics: totals!.metrics,
    runs: Object.values(runsByStatus).reduce((a, b) => a + b, 0),
    runsByStatus,
  };
}

/** Columns a run table can be sorted by; ties are broken by id, newest first. */
export const RUN_SORT_FIELDS = [
  "id",
  "seed",
  "arch",
  "dataset",
  "status",
  "valTop1",
  "v2Top1",
  "params",
  "throughput",
  "createdAt",
] as const;
export type RunSortField = (typeof RUN_SORT_FIELDS)[number];
const NULLABLE_SORT_FIELDS: ReadonlySet<RunSortField> = new Set(["valTop1", "v2Top1", "params", "throughput"]);

export const RunFilterSchema = z.object({
  sweepId: z.number().int().positive().optional(),
  recipe: z.string().min(1).optional(),
  /** Exactly these recipes (full hashes), e.g. a recipe resolved by name and, optionally, those derived from it. */
  recipeHashes: z
    .array(z.string().regex(/^[0-9a-f]{64}$/, "recipeHashes must be full recipe hashes"))
    .max(10_000)
    .optional(),
  /** true: only collapsed runs (finished at chance); false: only those that are not. */
  collapsed: z.boolean().optional(),
  arch: z.string().min(1).optional(),
  dataset: z.string().min(1).optional(),
  status: RunStatusSchema.optional(),
  seed: z.number().int().min(0).optional(),
  /** Where the runs come from: "seedscope" (trained here), "mlflow", "client", "import:deit-log", … */
  source: z.string().min(1).optional(),
  sort: z.enum(RUN_SORT_FIELDS).default("id"),
  order: z.enum(["asc", "desc"]).default("desc"),
  limit: z.number().int().min(1).max(10_000).default(50),
  offset: z.number().int().min(0).default(0),
});
export type RunFilter = z.input<typeof RunFilterSchema>;

export interface RunRow {
  readonly id: number;
  readonly sweepId: number | null;
  readonly recipeName: string | null;
  readonly recipeHash: string;
  readonly arch: string;
  readonly dataset: string;
  /** Null for an outside run that logged no seed. */
  readonly seed: number | null;
  /** "seedscope" for a run trained here, else where it came from ("mlflow", "client", "import:deit-log", …). */
  readonly source: string;
  /** The name an outside source gave the run (MLflow's run name), or null. */
  readonly name: string | null;
  readonly status: RunStatus;
  /** Finished, but at chance (see `isCollapsed` in core): shown beside the status, never hidden. */
  readonly collapsed: boolean;
  readonly epochsDone: number;
  readonly valTop1: number | null;
  readonly v2Top1: number | null;
  readonly params: number | null;
  readonly throughput: number | null;
  readonly createdAt: Date;
}

/**
 * Runs filtered, sorted and paged in the database (default newest first). `recipe` matches a recipe
 * name or a hash prefix, `recipeHashes` an exact set; runs without a value of the sort column come last in either order.
 */
export async function listRuns(store: Store, filter: RunFilter = {}): Promise<{ total: number; rows: RunRow[] }> {
  const f = parseInput(RunFilterSchema, filter, "run filter");
  const where = {
    sweepId: f.sweepId,
    arch: f.arch,
    dataset: f.dataset,
    status: f.status,
    seed: f.seed,
    source: f.source,
    collapsed: f.collapsed,
    ...(f.recipeHashes ? { recipeHash: { in: f.recipeHashes } } : {}),
    ...(f.recipe
      ? { OR: [{ recipe: { name: f.recipe } }, { recipeHash: { startsWith: f.recipe.toLowerCase() } }] }
      : {}),
  };
  const [total, runs] = await Promise.all([
    clientsOf(store).prisma.run.count({ where }),
    clientsOf(store).prisma.run.findMany({
      where,
      orderBy: [
        { [f.sort]: NULLABLE_SORT_FIELDS.has(f.sort) ? { sort: f.order, nulls: "last" } : f.order },
        ...(f.sort === "id" ? [] : [{ id: "desc" as const }]),
      ],
      take: f.limit,
      skip: f.offset,
      include: { recipe: { select: { name: true } } },
    }),
  ]);
  return {
    total,
    rows: runs.map((r) => ({
      id: r.id,
      sweepId: r.sweepId,
      recipeName: r.recipe.name,
      recipeHash: r.recipeHash,
      arch: r.arch,
      dataset: r.dataset,
      seed: r.seed,
      source: r.source,
      name: r.name,
      status: r.status,
      collapsed: r.collapsed,
      epochsDone: r.epochsDone,
      valTop1: r.valTop1,
      v2Top1: r.v2Top1,
      params: r.params,
      throughput: r.throughput,
      createdAt: r.createdAt,
    })),
  };
}

/** One run with its recipe, status timeline and the list of metric keys it has (with point counts). */
export async function getRun(store: Store, id: number) {
  const run = await clientsOf(store).prisma.run.findUnique({
    where: { id },
    include: { recipe: true, events: { orderBy: [{ at: "asc" }, { id: "asc" }] } },
  });
  if (!run) return null;
  const metricKeys = await clientsOf(store).sql.query<{
    key: string;
    points: number;
    lastStep: number;
    lastValue: number;
  }>(
    `SELECT DISTINCT ON (key) key, count(*) OVER (PARTITION BY key)::int AS points, step AS "lastStep", value AS "lastValue"
     FROM "Metric" WHERE "runId" = $1 ORDER BY key, step DESC`,
    [id],
  );
  return { ...run, metricKeys };
}

export type RunDetail = NonNullable<Awaited<ReturnType<typeof getRun>>>;

/** All points of one metric of one run, by step. */
export async function metricSeries(
  store: Store,
  runId: number,
  key: string,
): Promise<{ step: number; value: number }[]> {
  return clientsOf(store).sql.query<{ step: number; value: number }>(
    `SELECT step, value FROM "Metric" WHERE "runId" = $1 AND key = $2 ORDER BY step`,
    [runId, key],
  );
}
