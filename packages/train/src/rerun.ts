import { parseRecipe, UserError } from "@seedscope/core";
import {
  compareRunMetrics,
  getRunWithRecipe,
  jsonDifferences,
  recordVerification,
  type Store,
  type Verification,
} from "@seedscope/db";
import { datasetFingerprint, getDataset } from "@seedscope/data";
import { type BackendName, isBackendName } from "@seedscope/engine";
import { codeVersion } from "./environment";
import { type RunResult, runTraining, type SessionOptions } from "./run";

export interface RerunOptions extends Omit<SessionOptions, "lease" | "stopAfterEpochs" | "staleMs"> {
  /** Re-execute and compare only the first k epochs (the schedule stays the recipe's). */
  readonly epochs?: number;
  /** Rerun although the data or the code version differ from the original's (the verdict says so). */
  readonly force?: boolean;
}

export interface RerunResult {
  readonly rerun: RunResult;
  readonly verification: Verification;
}

/** Environment fields expected to differ between any two runs: not a cause of a difference. */
const INCIDENTAL_FIELDS = new Set(["backendsTried"]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Re-executes a recorded run — its recipe, architecture, dataset (with its options), seed and backend —
 * into a new run linked to it, then compares every metric point the rerun logged with the original's,
 * bit for bit, and records the verdict on the rerun. Refuses when the data's fingerprint or the code's
 * commit differ from the original's, unless `force`.
 */
export async function rerunRun(store: Store, originalId: number, options: RerunOptions = {}): Promise<RerunResult> {
  const original = await getRunWithRecipe(store, originalId);
  if (!original) throw new UserError(`run ${originalId} does not exist (see seedscope runs list)`);
  if (original.source !== "seedscope" || original.seed === null) {
    throw new UserError(
      `run ${originalId} was logged from outside seedscope (${original.source}): it cannot be rerun here`,
    );
  }
  if (original.epochsDone < 1) {
    throw new UserError(`run ${originalId} has no completed epoch to compare with: let it train first`);
  }
  if (options.epochs !== undefined && !(Number.isInteger(options.epochs) && options.epochs >= 1)) {
    throw new UserError(`--epochs must be a whole number ≥ 1, got ${options.epochs}`);
  }
  const epochs = Math.min(options.epochs ?? original.epochsDone, original.epochsDone);
  const recipe = parseRecipe(original.recipe.body, `recipe of run ${originalId}`);
  const environment = isRecord(original.environment) ? original.environment : {};
  const datasetOptions = isRecord(environment.datasetOptions) ? environment.datasetOptions : {};
  const recordedBackend =
    typeof environment.backend === "string" && isBackendName(environment.backend) ? environment.backend : undefined;
  const backend: BackendName | undefined = options.backend ?? recordedBackend;

  const mismatches: string[] = [];
  const data = datasetFingerprint(
    await getDataset(original.dataset, { ...datasetOptions, resolution: recipe.resolution }),
  );
  const recordedData = isRecord(environment.data) ? environment.data : null;
  const dataDifferences =
    recordedData === null ? [] : jsonDifferences(recordedData, data).filter((d) => d.field !== "hash");
  if (dataDifferences.length > 0) {
    const fields = dataDifferences.map((d) => `data.${d.field}`);
    mismatches.push(`the dataset differs (${fields.join(", ")}): its partition, subset or files changed`);
  }
  const code = codeVersion();
  if (original.gitCommit !== null && code.gitCommit !== null && original.gitCommit !== code.gitCommit) {
    mismatches.push(
      `the code differs: run ${originalId} ran at commit ${original.gitCommit.slice(0, 12)}, this is ${code.gitCommit.slice(0, 12)}`,
    );
  }
  if (mismatches.length > 0 && !options.force) {
    throw new UserError(
      `run ${originalId} cannot be reproduced as recorded: ${mismatches.join("; ")}. Check out the recorded commit and data, or rerun anyway with --force (the verdict will say what differed)`,
    );
  }

  const rerun = await runTraining(store, {
    recipe,
    ...(original.recipe.name ? { recipeName: original.recipe.name } : {}),
    arch: original.arch,
    dataset: original.dataset,
    datasetOptions,
    seed: original.seed,
    rerunOf: originalId,
    tags: [`rerun-of:${originalId}`],
    note: `rerun of run ${originalId}${epochs < original.epochsDone ? ` (first ${epochs} epoch(s))` : ""}`,
    ...(backend === undefined ? {} : { backend }),
    ...(epochs < recipe.epochs ? { stopAfterEpochs: epochs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.worker === undefined ? {} : { worker: options.worker }),
    ...(options.evalBatchSize === undefined ? {} : { evalBatchSize: options.evalBatchSize }),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
  });
  const stored = await getRunWithRecipe(store, rerun.runId);
  const comparison = await compareRunMetrics(store, originalId, rerun.runId);
  const fingerprintDifferences = [
    ...jsonDifferences(environment, isRecord(stored?.environment) ? stored.environment : {}).filter(
      (d) => !INCIDENTAL_FIELDS.has(d.field.split(".")[0]!),
    ),
    ...jsonDifferences(
      { gitCommit: original.gitCommit, gitDirty: original.gitDirty },
      { gitCommit: stored?.gitCommit ?? null, gitDirty: stored?.gitDirty ?? null },
    ),
  ];
  const verification: Verification = {
    verdict: comparison.differing === 0 && comparison.compared > 0 ? "bit-identical" : "differs",
    original: originalId,
    epochs: rerun.epochsDone,
    ...comparison,
    fingerprintDifferences,
    forced: mismatches.length > 0 ? mismatches.join("; ") : null,
  };
  await recordVerification(store, rerun.runId, verification);
  return { rerun, verification };
}
