import { RUN_STATUSES, type RunStatus } from "@seedscope/core";
import type { Store } from "./store";
import { clientsOf } from "./store-clients";

export interface SweepOverview {
  readonly id: number;
  readonly name: string | null;
  readonly launchedBy: string;
  /** "seedscope" for a planned sweep; where an outside study came from ("mlflow", "import", …). */
  readonly source: string;
  readonly createdAt: Date;
  /** The recipes of the plan as stored (name and hash), in plan order. */
  readonly recipes: readonly { readonly name: string | null; readonly hash: string }[];
  readonly archs: readonly string[];
  readonly datasets: readonly string[];
  readonly seeds: number;
  readonly total: number;
  readonly byStatus: Readonly<Record<RunStatus, number>>;
  /** Finished runs that collapsed (at chance); also counted as finished. */
  readonly collapsed: number;
}

interface PlanShape {
  recipes?: { name?: string; hash?: string }[];
  archs?: string[];
  datasets?: string[];
  seeds?: number[];
}

/** Every sweep, newest first, with its plan's axes, its runs per status and how many collapsed. */
export async function listSweepOverviews(store: Store, options: { limit?: number } = {}): Promise<SweepOverview[]> {
  const sweeps = await clientsOf(store).sql.query<{
    id: number;
    name: string | null;
    launchedBy: string;
    source: string;
    createdAt: Date;
    plan: PlanShape;
  }>(`SELECT id, name, "launchedBy", source, "createdAt", plan FROM "Sweep" ORDER BY id DESC LIMIT $1`, [
    options.limit ?? 1000,
  ]);
  if (sweeps.length === 0) return [];
  // An outside study has no plan: its axes are what its runs logged.
  const outside = sweeps.filter((s) => s.source !== "seedscope");
  if (outside.length > 0) {
    const axes = await clientsOf(store).sql.query<{
      sweepId: number;
      recipes: string[];
      archs: string[];
      datasets: string[];
      seeds: number[];
    }>(
      `SELECT "sweepId", array_agg(DISTINCT "recipeHash") AS recipes, array_agg(DISTINCT arch) AS archs,
              array_agg(DISTINCT dataset) AS datasets, array_remove(array_agg(DISTINCT seed), NULL) AS seeds
       FROM "Run" WHERE "sweepId" = ANY($1::int[]) GROUP BY "sweepId"`,
      [outside.map((s) => s.id)],
    );
    for (const s of outside) {
      const a = axes.find((x) => x.sweepId === s.id);
      s.plan = {
        recipes: (a?.recipes ?? []).map((hash) => ({ hash })),
        archs: a?.archs ?? [],
        datasets: a?.datasets ?? [],
        seeds: a?.seeds ?? [],
      };
    }
  }
  const counts = await clientsOf(store).sql.query<{ sweepId: number; status: RunStatus; n: number; collapsed: number }>(
    `SELECT "sweepId", status::text AS status, count(*)::int AS n, count(*) FILTER (WHERE collapsed)::int AS collapsed
     FROM "Run" WHERE "sweepId" = ANY($1::int[]) GROUP BY "sweepId", status`,
    [sweeps.map((s) => s.id)],
  );
  const hashes = [
    ...new Set(
      sweeps.flatMap((s) =>
        (s.plan.recipes ?? []).map((r) => r.hash).filter((h): h is string => typeof h === "string"),
      ),
    ),
  ];
  const names = new Map(
    (
      await clientsOf(store).sql.query<{ hash: string; name: string | null }>(
        `SELECT hash, name FROM "Recipe" WHERE hash = ANY($1::text[])`,
        [hashes],
      )
    ).map((r) => [r.hash, r.name]),
  );
  return sweeps.map((s) => {
    const byStatus = Object.fromEntries(RUN_STATUSES.map((st) => [st, 0])) as Record<RunStatus, number>;
    let collapsed = 0;
    for (const c of counts.filter((c) => c.sweepId === s.id)) {
      byStatus[c.status] += c.n;
      collapsed += c.collapsed;
    }
    return {
      id: s.id,
      name: s.name,
      launchedBy: s.launchedBy,
      source: s.source,
      createdAt: new Date(s.createdAt),
      recipes: (s.plan.recipes ?? []).map((r) => ({
        hash: r.hash ?? "",
        name: (r.hash && names.get(r.hash)) ?? r.name ?? null,
      })),
      archs: s.plan.archs ?? [],
      datasets: s.plan.datasets ?? [],
      seeds: s.plan.seeds?.length ?? 0,
      total: Object.values(byStatus).reduce((a, b) => a + b, 0),
      byStatus,
      collapsed,
    };
  });
}
