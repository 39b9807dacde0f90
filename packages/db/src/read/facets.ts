import type { Store } from "../store";
import { allRecipeLabels } from "./recipe-labels";
import { recipeLabel } from "./scope";
import { clientsOf } from "../store-clients";

/** The values the run filters offer: what the store actually holds. */
export async function runFacets(store: Store) {
  const [archs, datasets, recipes, sweeps, sources] = await Promise.all([
    clientsOf(store).sql.query<{ v: string }>(`SELECT DISTINCT arch AS v FROM "Run" ORDER BY 1`),
    clientsOf(store).sql.query<{ v: string }>(`SELECT DISTINCT dataset AS v FROM "Run" ORDER BY 1`),
    clientsOf(store).sql.query<{ hash: string; name: string | null }>(
      `SELECT rc.hash, rc.name FROM "Recipe" rc WHERE EXISTS (SELECT 1 FROM "Run" r WHERE r."recipeHash" = rc.hash) ORDER BY rc.name NULLS LAST, rc.hash`,
    ),
    clientsOf(store).sql.query<{ id: number; name: string | null }>(`SELECT id, name FROM "Sweep" ORDER BY id DESC`),
    clientsOf(store).sql.query<{ v: string }>(`SELECT DISTINCT source AS v FROM "Run" ORDER BY 1`),
  ]);
  const labels = await allRecipeLabels(store);
  return {
    archs: archs.map((r) => r.v),
    datasets: datasets.map((r) => r.v),
    recipes: recipes.map((r) => ({ hash: r.hash, ...(labels.get(r.hash) ?? recipeLabel(r.name, r.hash)) })),
    sweeps: sweeps.map((s) => ({ id: s.id, label: s.name ? `#${s.id} ${s.name}` : `#${s.id}` })),
    /** Where the stored runs come from: "seedscope", "mlflow", "client", "import:deit-log", … */
    sources: sources.map((r) => r.v),
  };
}
