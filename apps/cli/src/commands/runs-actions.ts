import { z } from "zod";
import { parseInput, RUN_STATUSES, UserError } from "@seedscope/core";
import { getRun, listRuns, recipeFamily, resolveRecipe, type RunFilter, type Store } from "@seedscope/db";
import { recipeLabelOf } from "@seedscope/recipes";
import { count, pct, table, when } from "../format";
import { COLLAPSED_HINT, statusText } from "../status-text";
import { withStore } from "../with-store";

const positiveInt = (what: string, example: string) =>
  z.coerce
    .number({ error: `${what} must be a number (e.g. ${example})` })
    .int(`${what} must be a whole number (e.g. ${example})`)
    .positive(`${what} must be positive (e.g. ${example})`);

const ListOptionsSchema = z.object({
  sweep: positiveInt("--sweep", "--sweep 3").optional(),
  recipe: z.string().min(1, "--recipe needs a name or hash, e.g. --recipe a2").optional(),
  derived: z.boolean().default(false),
  arch: z.string().optional(),
  dataset: z.string().optional(),
  status: z.enum(RUN_STATUSES, { error: `--status must be one of ${RUN_STATUSES.join(", ")}` }).optional(),
  collapsed: z.boolean().optional(),
  limit: positiveInt("--limit", "--limit 100").max(10_000, "--limit is at most 10000").default(50),
  offset: z.coerce.number().int().min(0, "--offset must be ≥ 0").default(0),
  json: z.boolean().optional(),
});
type ListOptions = z.output<typeof ListOptionsSchema>;

/** The recipes `--recipe` selects: the one it names, and with `--derived` every recipe derived from it. */
async function recipeHashes(store: Store, o: ListOptions): Promise<string[] | undefined> {
  if (o.recipe === undefined) return undefined;
  const { hash } = await resolveRecipe(store, o.recipe);
  return o.derived ? recipeFamily(store, hash) : [hash];
}

/** When `--recipe X` (exact) found nothing, says how many runs recipes derived from X have. */
async function derivedHint(store: Store, o: ListOptions, filter: RunFilter): Promise<string | null> {
  if (o.recipe === undefined || o.derived) return null;
  const { hash } = await resolveRecipe(store, o.recipe);
  const family = await recipeFamily(store, hash);
  if (family.length < 2) return null;
  const { total } = await listRuns(store, { ...filter, recipeHashes: family, limit: 1, offset: 0 });
  return total > 0
    ? `no runs of ${o.recipe} itself, but ${total} of recipes derived from it (--set / --epochs): add --derived to list them`
    : null;
}

/** `seedscope runs list`. */
export async function listRunsCommand(raw: Record<string, unknown>): Promise<void> {
  const o = parseInput(ListOptionsSchema, { ...raw, derived: raw.derived === true }, "options");
  if (o.derived && o.recipe === undefined)
    throw new UserError("--derived widens --recipe: give --recipe too, e.g. --recipe a2 --derived");
  await withStore(async (store) => {
    const hashes = await recipeHashes(store, o);
    const filter: RunFilter = {
      sweepId: o.sweep,
      ...(hashes ? { recipeHashes: hashes } : {}),
      arch: o.arch,
      dataset: o.dataset,
      status: o.status,
      collapsed: o.collapsed,
      limit: o.limit,
      offset: o.offset,
    };
    const { total, rows } = await listRuns(store, filter);
    if (o.json) {
      console.log(JSON.stringify({ total, rows }, null, 2));
      return;
    }
    if (rows.length === 0) {
      const hint = total === 0 ? await derivedHint(store, o, filter) : null;
      const filtered = Object.entries(raw).some(
        ([k, v]) => v !== undefined && !["limit", "offset", "json"].includes(k),
      );
      console.log(
        hint ??
          (total > 0
            ? `no runs after offset ${o.offset} (${total} in all)`
            : filtered
              ? "no runs match these filters"
              : "no runs yet: `seedscope run --help` starts one"),
      );
      return;
    }
    console.log(
      table(
        [
          "id",
          "sweep",
          "recipe",
          "arch",
          "dataset",
          "seed",
          "status",
          "epochs",
          "val top-1",
          "v2 top-1",
          "params",
          "img/s",
        ],
        rows.map((r) => [
          r.id,
          r.sweepId ?? "-",
          recipeLabelOf(r.recipeName, r.recipeHash).short,
          r.arch,
          r.dataset,
          r.seed ?? "-",
          statusText(r.status, r.collapsed),
          r.epochsDone,
          pct(r.valTop1),
          pct(r.v2Top1),
          count(r.params),
          r.throughput === null ? "-" : r.throughput.toFixed(0),
        ]),
        { optional: ["img/s", "params", "epochs", "sweep", "dataset"] },
      ),
    );
    const collapsed = rows.filter((r) => r.collapsed).length;
    console.log(
      `${rows.length} of ${total} run(s)${collapsed ? `, ${collapsed} collapsed (finished at chance)` : ""}` +
        `${total > o.offset + rows.length ? `; --offset ${o.offset + rows.length} for more` : ""}`,
    );
  });
}

/** `seedscope runs show <id>`. */
export async function showRunCommand(idText: string, opts: { json?: boolean }): Promise<void> {
  const id = parseInput(positiveInt("run id", "`seedscope runs show 12`"), idText, "argument");
  await withStore(async (store) => {
    const run = await getRun(store, id);
    if (!run) throw new UserError(`no run has id ${id}: \`seedscope runs list\` shows the stored runs`);
    if (opts.json) {
      console.log(JSON.stringify(run, null, 2));
      return;
    }
    const mb = (v: number | null) => (v === null ? "-" : `${v.toFixed(v < 10 ? 1 : 0)} MB`);
    const lines = [
      `run ${run.id}${run.sweepId ? ` (sweep ${run.sweepId})` : ""}: ${statusText(run.status, run.collapsed, true)}${run.statusReason ? ` — ${run.statusReason}` : ""}`,
      ...(run.collapsed ? [`             ${COLLAPSED_HINT}`] : []),
      `recipe:      ${run.recipe.name ?? "(unnamed)"} ${run.recipeHash}`,
      `arch:        ${run.arch}   dataset: ${run.dataset}   seed: ${run.seed}`,
      `epochs done: ${run.epochsDone}`,
      `final:       val top-1 ${pct(run.valTop1)}   v2 top-1 ${pct(run.v2Top1)}`,
      `model:       ${count(run.params)} params, ${run.flops === null ? "-" : (run.flops / 1e6).toFixed(2)} MFLOPs/image`,
      `speed:       ${run.throughput === null ? "-" : `${run.throughput.toFixed(0)} images/s`}`,
      `memory:      tensors peak ${mb(run.peakTensorMb)}; process peak RSS ${mb(run.peakMemoryMb)} (the whole Node.js process: runtime, backend, data — not the model's size)`,
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
          run.metricKeys.map((m) => [
            m.key,
            m.points,
            m.lastStep,
            Number.isFinite(m.lastValue) ? +m.lastValue.toPrecision(6) : String(m.lastValue),
          ]),
        ),
      );
  });
}
