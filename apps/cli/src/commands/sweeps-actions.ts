import { z } from "zod";
import { parseInput } from "@seedscope/core";
import { listSweepOverviews } from "@seedscope/db";
import { recipeLabelOf } from "@seedscope/recipes";
import { table, when } from "../format";
import { withStore } from "../with-store";

const ListOptionsSchema = z.object({
  limit: z.coerce
    .number({ error: "--limit must be a number (e.g. --limit 20)" })
    .int("--limit must be a whole number (e.g. --limit 20)")
    .positive("--limit must be ≥ 1")
    .max(10_000, "--limit is at most 10000")
    .default(50),
  json: z.boolean().default(false),
});

/** `seedscope sweeps list`. */
export async function listSweepsCommand(raw: Record<string, unknown>): Promise<void> {
  const o = parseInput(ListOptionsSchema, { ...raw, json: raw.json === true }, "options");
  await withStore(async (store) => {
    const rows = await listSweepOverviews(store, { limit: o.limit });
    if (o.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    if (rows.length === 0) {
      console.log("no sweeps yet: `seedscope sweep --help` plans one, `seedscope demo` runs a small one");
      return;
    }
    console.log(
      table(
        [
          "id",
          "name",
          "recipes",
          "archs",
          "datasets",
          "seeds",
          "runs",
          "finished",
          "collapsed",
          "failed",
          "left",
          "created",
        ],
        rows.map((s) => [
          s.id,
          s.name ?? "-",
          s.recipes.map((r) => recipeLabelOf(r.name, r.hash).short).join(", "),
          s.archs.join(", "),
          s.datasets.join(", "),
          s.seeds,
          s.total,
          s.byStatus.finished,
          s.collapsed,
          s.byStatus.failed + s.byStatus.diverged,
          s.byStatus.queued + s.byStatus.running + s.byStatus.interrupted,
          when(s.createdAt),
        ]),
        { optional: ["created", "left", "failed", "seeds", "datasets"] },
      ),
    );
    console.log(`${rows.length} sweep(s); details: seedscope sweep status <id>`);
  });
}
