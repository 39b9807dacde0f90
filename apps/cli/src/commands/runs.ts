import type { Command } from "commander";
import { z } from "zod";
import { parseInput, RUN_STATUSES, UserError } from "@seedscope/core";
import { getRun, listRuns } from "@seedscope/db";
import { count, pct, table, when } from "../format";
import { withStore } from "../with-store";

const positiveInt = (what: string, example: string) =>
  z.coerce
    .number({ error: `${what} must be a number (e.g. ${example})` })
    .int(`${what} must be a whole number (e.g. ${example})`)
    .positive(`${what} must be positive (e.g. ${example})`);

const ListOptionsSchema = z.object({
  sweep: positiveInt("--sweep", "--sweep 3").optional(),
  recipe: z.string().optional(),
  arch: z.string().optional(),
  dataset: z.string().optional(),
  status: z.enum(RUN_STATUSES, { error: `--status must be one of ${RUN_STATUSES.join(", ")}` }).optional(),
  limit: positiveInt("--limit", "--limit 100").max(10_000, "--limit is at most 10000").default(50),
  offset: z.coerce.number().int().min(0, "--offset must be ≥ 0").default(0),
  json: z.boolean().optional(),
});

export function registerRunCommands(program: Command): void {
  const runs = program.command("runs").description("list and inspect recorded runs");

  runs
    .command("list")
    .description("table of runs, newest first")
    .option("--sweep <id>", "only runs of this sweep")
    .option("--recipe <name|hash>", "only runs of this recipe (name or hash prefix)")
    .option("--arch <name>", "only this architecture")
    .option("--dataset <name>", "only this dataset")
    .option("--status <status>", `only this status (${RUN_STATUSES.join("|")})`)
    .option("--limit <n>", "rows to show", "50")
    .option("--offset <n>", "rows to skip", "0")
    .option("--json", "print as JSON")
    .action(async (raw: Record<string, unknown>) => {
      const o = parseInput(ListOptionsSchema, raw, "options");
      await withStore(async (store) => {
        const { total, rows } = await listRuns(store, {
          sweepId: o.sweep,
          recipe: o.recipe,
          arch: o.arch,
          dataset: o.dataset,
          status: o.status,
          limit: o.limit,
          offset: o.offset,
        });
        if (o.json) {
          console.log(JSON.stringify({ total, rows }, null, 2));
          return;
        }
        if (rows.length === 0) {
          console.log(total === 0 ? "no runs yet: `seedscope run --help` starts one" : `no runs after offset ${o.offset} (${total} in all)`);
          return;
        }
        console.log(
          table(
            ["id", "sweep", "recipe", "arch", "dataset", "seed", "status", "epochs", "val top-1", "v2 top-1", "params", "img/s"],
            rows.map((r) => [
              r.id,
              r.sweepId ?? "-",
              r.recipeName ?? r.recipeHash.slice(0, 10),
              r.arch,
              r.dataset,
              r.seed,
              r.status,
              r.epochsDone,
              pct(r.valTop1),
              pct(r.v2Top1),
              count(r.params),
              r.throughput === null ? "-" : r.throughput.toFixed(0),
            ]),
          ),
        );
        console.log(`${rows.length} of ${total} run(s)${total > o.offset + rows.length ? `; --offset ${o.offset + rows.length} for more` : ""}`);
      });
    });

  runs
    .command("show")
    .description("one run: recipe, environment, code version, status timeline and metrics")
    .argument("<id>", "run id (see `seedscope runs list`)")
    .option("--json", "print as JSON")
    .action(async (idText: string, opts: { json?: boolean }) => {
      const id = parseInput(positiveInt("run id", "`seedscope runs show 12`"), idText, "argument");
      await withStore(async (store) => {
        const run = await getRun(store, id);
        if (!run) throw new UserError(`no run has id ${id}: \`seedscope runs list\` shows the stored runs`);
        if (opts.json) {
          console.log(JSON.stringify(run, null, 2));
          return;
        }
        const lines = [
          `run ${run.id}${run.sweepId ? ` (sweep ${run.sweepId})` : ""}: ${run.status}${run.statusReason ? ` — ${run.statusReason}` : ""}`,
          `recipe:      ${run.recipe.name ?? "(unnamed)"} ${run.recipeHash}`,
          `arch:        ${run.arch}   dataset: ${run.dataset}   seed: ${run.seed}`,
          `epochs done: ${run.epochsDone}`,
          `final:       val top-1 ${pct(run.valTop1)}   v2 top-1 ${pct(run.v2Top1)}`,
          `model:       ${count(run.params)} params, ${run.flops === null ? "-" : (run.flops / 1e6).toFixed(2)} MFLOPs/image`,
          `speed:       ${run.throughput === null ? "-" : `${run.throughput.toFixed(0)} images/s`}, peak memory ${run.peakMemoryMb === null ? "-" : `${run.peakMemoryMb.toFixed(0)} MB`}`,
          `code:        ${run.gitCommit ?? "-"}${run.gitDirty ? " (dirty)" : ""}`,
          `environment: ${run.environment ? JSON.stringify(run.environment) : "-"}`,
          `worker:      ${run.worker ?? "-"}`,
          `tags:        ${run.tags.length ? run.tags.join(", ") : "-"}`,
          ...(run.note ? [`note:        ${run.note}`] : []),
          "",
          "timeline:",
          ...run.events.map((e) => `  ${when(e.at)}  ${e.status}${e.message ? ` — ${e.message}` : ""}`),
          "",
        ];
        console.log(lines.join("\n"));
        if (run.metricKeys.length === 0) console.log("no metrics logged");
        else
          console.log(
            table(
              ["metric", "points", "last step", "last value"],
              run.metricKeys.map((m) => [m.key, m.points, m.lastStep, Number.isFinite(m.lastValue) ? +m.lastValue.toPrecision(6) : String(m.lastValue)]),
            ),
          );
      });
    });
}
