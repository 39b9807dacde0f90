import { hostname } from "node:os";
import { defaultThreads } from "../threads";
import { UserError } from "@seedscope/core";
import { createRecipe, epochTop1, nameRecipe, resolveRecipe, type Store } from "@seedscope/db";
import type { BackendName } from "@seedscope/engine";
import { listArchitectures } from "@seedscope/models";
import {
  SMALL_DIGITS_TRAIN_SIZE,
  applyOverrides,
  overridesOnTop,
  recipeIdentity,
  smallDigitsOverrides,
} from "@seedscope/recipes";
import { dataDirOptions, derivedNames, v2FileOptions } from "@seedscope/sweep";
import { resumeTraining, runTraining, type RunResult, type SessionOptions } from "@seedscope/train";
import { pct } from "../format";
import { TrainingProgressView } from "../progress";
import { COLLAPSED_HINT, statusText } from "../status-text";
import { withStore } from "../with-store";
import type { RunOptions } from "./train-options";

/** `seedscope run`: trains one seeded run (or resumes one) and reports it. */
export async function runCommand(opts: RunOptions): Promise<void> {
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
  const trainSize = opts.trainSize ?? (opts.smallDigits ? SMALL_DIGITS_TRAIN_SIZE : undefined);
  const datasetOptions: Record<string, unknown> = {
    ...dataDirOptions(opts.dataset, opts.dataDir),
    ...v2FileOptions([opts.dataset], opts.v2Images, opts.v2Labels),
    ...(trainSize === undefined ? {} : { trainSize }),
    ...(opts.evalSize === undefined ? {} : { evalSize: opts.evalSize }),
  };
  const base = await resolveRecipe(store, opts.recipe);
  const overrides = overridesOnTop(opts.smallDigits ? smallDigitsOverrides(base.recipe) : [], [
    ...(opts.epochs === undefined ? [] : [`epochs=${opts.epochs}`]),
    ...opts.set,
  ]);
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
