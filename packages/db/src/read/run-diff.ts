import { parseStoredRecipe, UserError } from "@seedscope/core";
import { diffRecipes } from "@seedscope/recipes";
import { getRunWithRecipe } from "../runs";
import type { Store } from "../store";
import { clientsOf } from "../store-clients";
import { compareRunMetrics, jsonDifferences, type MetricComparison } from "../verification";

/** One field that differs between two things, with each side's value (undefined: absent on that side). */
export interface FieldDifference {
  readonly field: string;
  readonly a: unknown;
  readonly b: unknown;
}

export interface RunDiff {
  readonly a: number;
  readonly b: number;
  /** What the runs are: recipe hash, architecture, dataset, seed, sweep, status, source. */
  readonly run: FieldDifference[];
  /** The recipes' fields, as `recipes diff` lists them. */
  readonly recipe: FieldDifference[];
  /** The recorded environment and data fingerprint, and the code version. */
  readonly fingerprint: FieldDifference[];
  /** b's metric points against a's (clock keys aside), and the points only a logged. */
  readonly metrics: MetricComparison & { readonly onlyInA: number };
}

const RUN_FIELDS = ["recipeHash", "arch", "dataset", "seed", "sweepId", "status", "source", "epochsDone"] as const;

function pairs(a: unknown, b: unknown): FieldDifference[] {
  return jsonDifferences(a, b).map((d) => ({ field: d.field, a: d.original, b: d.rerun }));
}

/** Everything that differs between two runs: what they are, their recipes, fingerprints and metric curves. */
export async function runDiff(store: Store, a: number, b: number): Promise<RunDiff> {
  const [ra, rb] = await Promise.all([getRunWithRecipe(store, a), getRunWithRecipe(store, b)]);
  if (!ra) throw new UserError(`no run has id ${a} (see seedscope runs list)`);
  if (!rb) throw new UserError(`no run has id ${b} (see seedscope runs list)`);
  const run = RUN_FIELDS.filter((f) => ra[f] !== rb[f]).map((f) => ({ field: f, a: ra[f], b: rb[f] }));
  const recipe = diffRecipes(
    parseStoredRecipe(ra.recipe.body, `recipe of run ${a}`),
    parseStoredRecipe(rb.recipe.body, `recipe of run ${b}`),
  ).map((d) => ({ field: d.path, a: d.a, b: d.b }));
  const fingerprint = [
    ...pairs(ra.environment ?? {}, rb.environment ?? {}).filter((d) => !d.field.startsWith("backendsTried")),
    ...pairs({ gitCommit: ra.gitCommit, gitDirty: ra.gitDirty }, { gitCommit: rb.gitCommit, gitDirty: rb.gitDirty }),
  ];
  const metrics = await compareRunMetrics(store, a, b);
  const [only] = await clientsOf(store).sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Metric" x WHERE x."runId" = $1 AND NOT (x.key LIKE 'time/%' OR x.key LIKE 'perf/%')
       AND NOT EXISTS (SELECT 1 FROM "Metric" y WHERE y."runId" = $2 AND y.key = x.key AND y.step = x.step)`,
    [a, b],
  );
  return { a, b, run, recipe, fingerprint, metrics: { ...metrics, onlyInA: only?.n ?? 0 } };
}

/** The fields where two sweeps' plans differ. */
export async function sweepDiff(store: Store, a: number, b: number): Promise<FieldDifference[]> {
  const rows = await clientsOf(store).sql.query<{ id: number; plan: unknown }>(
    `SELECT id, plan FROM "Sweep" WHERE id = ANY($1::int[])`,
    [[a, b]],
  );
  const plan = (id: number) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new UserError(`no sweep has id ${id} (see seedscope sweeps list)`);
    return row.plan;
  };
  return pairs(plan(a), plan(b));
}
