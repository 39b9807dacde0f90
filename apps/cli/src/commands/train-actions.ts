import { hostname } from "node:os";
import { defaultThreads, threadsOption } from "../threads";
import { z } from "zod";
import { parseInput, UserError } from "@seedscope/core";
import { createRecipe, epochTop1, nameRecipe, resolveRecipe, type Store } from "@seedscope/db";
import { BACKEND_NAMES, type BackendName } from "@seedscope/engine";
import { listArchitectures } from "@seedscope/models";
import { applyOverrides, recipeIdentity } from "@seedscope/recipes";
import { dataDirOptions, derivedNames, v2FileOptions } from "@seedscope/sweep";
import { resumeTraining, runTraining, type RunResult, type SessionOptions } from "@seedscope/train";
import { pct } from "../format";
import { TrainingProgressView } from "../progress";
import { COLLAPSED_HINT, statusText } from "../status-text";
import { withStore } from "../with-store";

const RunOptionsSchema = z.object({
  recipe: z.string().optional(),
  arch: z.string().optional(),
  dataset: z.string().default("digits"),
  seed: z.coerce
    .number({ error: "--seed must be a whole number (e.g. --seed 0)" })
    .int("--seed must be a whole number (e.g. --seed 0)")
    .min(0, "--seed must be ≥ 0")
    .default(0),
  epochs: z.coerce
    .number({ error: "--epochs must be a whole number (e.g. --epochs 5)" })
    .int("--epochs must be a whole number")
    .positive("--epochs must be ≥ 1")
    .optional(),
  set: z.array(z.string()).default([]),
  backend: z.enum(BACKEND_NAMES, { error: `--backend must be one of ${BACKEND_NAMES.join(", ")}` }).optional(),
  threads: threadsOption,
  dataDir: z.string().optional(),
  v2Images: z.string().optional(),
  v2Labels: z.string().optional(),
  trainSize: z.coerce
    .number({ error: "--train-size must be a whole number" })
    .int()
    .positive("--train-size must be ≥ 1")
    .optional(),
  evalSize: z.coerce
    .number({ error: "--eval-size must be a whole number (e.g. --eval-size 300)" })
    .int("--eval-size must be a whole number (e.g. --eval-size 300)")
    .positive("--eval-size must be ≥ 1 (e.g. --eval-size 300)")
    .optional(),
  resume: z.coerce
    .number({ error: "--resume takes a run id (e.g. --resume 12)" })
    .int()
    .positive("--resume takes a run id (e.g. --resume 12)")
    .optional(),
  staleAfter: z.coerce
    .number({ error: "--stale-after must be a number of seconds (e.g. --stale-after 30)" })
    .min(1, "--stale-after must be ≥ 1 second")
    .optional(),
  tag: z.array(z.string()).default([]),
  note: z.string().optional(),
  recipeName: z
    .string()
    .trim()
    .min(1, "--recipe-name is empty; give a name, e.g. --recipe-name a2-hot")
    .max(200, "--recipe-name is at most 200 characters")
    .optional(),
});
type RunOptions = z.output<typeof RunOptionsSchema>;

/** `seedscope run`: trains one seeded run (or resumes one) and reports it. */
export async function runCommand(raw: Record<string, unknown>): Promise<void> {
  const opts = parseInput(RunOptionsSchema, raw, "options");
  let view = new TrainingProgressView();
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write("\nstopping after the current step (Ctrl-C again to quit at once) …\n");
    stop.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const session: SessionOptions = {
    signal: stop.signal,
    onProgress: (p) => view.update(p),
    // host:pid, so that after a kill the next `run --resume` on this host sees the process is gone.
    worker: `${hostname()}:${process.pid}`,
    ...(opts.backend ? { backend: opts.backend as BackendName } : {}),
    wasmThreads: opts.threads ?? defaultThreads(),
    ...(opts.staleAfter === undefined ? {} : { staleMs: opts.staleAfter * 1000 }),
  };
  try {
    const result = await withStore(async (store) => {
      view = new TrainingProgressView((runId, epoch) => epochTop1(store, runId, epoch));
      const done = await (opts.resume === undefined
        ? startNew(store, opts, session)
        : resumeTraining(store, opts.resume, session));
      await view.finish(done.epochsDone);
      return done;
    });
    view.stop();
    report(result);
    if (result.status !== "finished") process.exitCode = result.status === "interrupted" ? 130 : 1;
  } finally {
    view.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function startNew(store: Store, opts: RunOptions, session: SessionOptions): Promise<RunResult> {
  if (!opts.recipe)
    throw new UserError(
      "--recipe is required (e.g. --recipe deit3; see `seedscope recipes list`), or --resume <runId>",
    );
  if (!opts.arch) throw new UserError("--arch is required (e.g. --arch vit-tiny)");
  const archs = listArchitectures().map((a) => a.name);
  if (!archs.includes(opts.arch))
    throw new UserError(`unknown architecture "${opts.arch}"; valid names: ${archs.join(", ")}`);
  const datasetOptions: Record<string, unknown> = {
    ...dataDirOptions(opts.dataset, opts.dataDir),
    ...v2FileOptions([opts.dataset], opts.v2Images, opts.v2Labels),
    ...(opts.trainSize === undefined ? {} : { trainSize: opts.trainSize }),
    ...(opts.evalSize === undefined ? {} : { evalSize: opts.evalSize }),
  };
  const base = await resolveRecipe(store, opts.recipe);
  const overrides = [...(opts.epochs === undefined ? [] : [`epochs=${opts.epochs}`]), ...opts.set];
  const recipe = overrides.length === 0 ? base.recipe : applyOverrides(base.recipe, overrides);
  const [recipeName] = derivedNames({
    recipes: [base.label],
    overrides,
    ...(opts.recipeName === undefined ? {} : { recipeName: opts.recipeName }),
  }).values();
  let parentHash: string | undefined;
  if (overrides.length > 0) {
    parentHash = (await createRecipe(store, { body: { ...base.recipe }, name: base.label })).hash;
    if (opts.recipeName !== undefined) {
      // Stored (and named) before training starts, so that a name already taken fails at once.
      const { hash } = await createRecipe(store, { body: { ...recipe }, name: recipeName!, parentHash });
      await nameRecipe(store, hash, recipeName!).catch((error: unknown) => {
        throw error instanceof UserError ? new UserError(`--recipe-name: ${error.message}`) : error;
      });
    }
  }
  process.stderr.write(
    `training ${opts.arch} on ${opts.dataset}, seed ${opts.seed}, recipe ${base.label}${overrides.length ? ` with ${overrides.join(" ")}` : ""} (${recipeIdentity(recipe).hash.slice(0, 12)})\n`,
  );
  return runTraining(store, {
    ...session,
    recipe,
    recipeName: overrides.length === 0 ? base.label : recipeName!,
    ...(parentHash === undefined ? {} : { parentHash }),
    arch: opts.arch,
    dataset: opts.dataset,
    datasetOptions,
    seed: opts.seed,
    tags: opts.tag,
    ...(opts.note === undefined ? {} : { note: opts.note }),
  });
}

function report(result: RunResult): void {
  const val = result.summary.val;
  const v2 = result.summary.v2;
  const collapsed = result.status === "finished" && result.collapsed === true;
  const lines = [
    `run ${result.runId}: ${statusText(result.status, collapsed, true)}${result.reason ? ` — ${result.reason}` : ""}`,
    ...(val ? [`val top-1 ${pct(val.top1)}   v2 top-1 ${pct(v2?.top1)}   (${result.epochsDone} epochs)`] : []),
    `backend ${result.backend.name} (${result.backend.threads} thread${result.backend.threads === 1 ? "" : "s"}), ${result.params.toLocaleString("en-US")} params, ${(result.flopsPerImage / 1e6).toFixed(2)} MFLOPs/image`,
    ...(result.wideParams === null
      ? []
      : [
          `divided: the ensemble has ${(result.params / result.wideParams).toFixed(3)} × the parameters of the undivided network (${result.wideParams.toLocaleString("en-US")})`,
        ]),
    ...(collapsed ? [COLLAPSED_HINT] : []),
    `details: seedscope runs show ${result.runId}`,
  ];
  console.log(lines.join("\n"));
}
