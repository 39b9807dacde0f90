import type { Command } from "commander";
import { z } from "zod";
import { parseInput } from "@seedscope/core";
import { summarizeSeeds } from "@seedscope/stats";
import { applyOverrides, getRecipe } from "@seedscope/recipes";
import { createRecipe } from "@seedscope/db";
import { runTraining } from "@seedscope/train";
import { pct, table } from "../format";
import { TrainingProgressView } from "../progress";
import { withStore } from "../with-store";

/**
 * The demo study: the thesis' seed-significance setting (ResNet + the A2 recipe) in miniature — a small
 * ResNet on 16×16 digits, a 3-epoch schedule — so a few seeds take about a minute each on a laptop CPU.
 * The faithful recipe needs far more epochs than that to reach its accuracy; the demo shows the tool.
 */
export const DEMO = {
  recipe: "a2",
  arch: "resnet8",
  dataset: "digits",
  trainSize: 2000,
  overrides: ["epochs=3", "resolution=16", "batchSize=64", "lrScaling.rule=none"],
} as const;

const DemoOptionsSchema = z.object({
  seeds: z.coerce.number({ error: "--seeds must be a whole number" }).int().min(1, "--seeds must be ≥ 1").max(100, "--seeds is at most 100 for the demo").default(3),
});

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(`a short seed study on the built-in digits: ${DEMO.recipe} recipe (${DEMO.overrides.join(" ")}), ${DEMO.arch}, seeds 0…n−1`)
    .option("--seeds <n>", "how many seeds", "3")
    .action(async (raw: Record<string, unknown>) => {
      const { seeds } = parseInput(DemoOptionsSchema, raw, "options");
      const base = getRecipe(DEMO.recipe);
      const recipe = applyOverrides(base, [...DEMO.overrides]);
      const results = await withStore(async (store) => {
        const { hash: parentHash } = await createRecipe(store, { body: { ...base }, name: DEMO.recipe });
        const done = [];
        for (let seed = 0; seed < seeds; seed++) {
          const view = new TrainingProgressView();
          try {
            done.push(
              await runTraining(store, {
                recipe, parentHash, arch: DEMO.arch, dataset: DEMO.dataset, datasetOptions: { trainSize: DEMO.trainSize }, seed,
                tags: ["demo"], onProgress: (p) => view.update(p),
              }),
            );
          } finally {
            view.stop();
          }
          const last = done[done.length - 1]!;
          console.log(`seed ${seed}: run ${last.runId} ${last.status}, val top-1 ${pct(last.summary.val?.top1)}, v2 top-1 ${pct(last.summary.v2?.top1)}`);
        }
        return done;
      });
      const rows = (["val", "v2"] as const).map((split) => {
        const s = summarizeSeeds(new Map(results.map((r, seed) => [seed, r.summary[split]?.top1 ?? Number.NaN])));
        return [split, s.n, pct(s.mean), pct(s.std), pct(s.min), pct(s.max), pct(s.referenceValue)];
      });
      console.log(`\ntop-1 (%) over ${seeds} seeds:`);
      console.log(table(["split", "seeds", "mean", "std", "min", "max", "seed 0"], rows));
      console.log("browse them: seedscope runs list --json, seedscope runs show <id>");
    });
}
