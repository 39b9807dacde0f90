import { UserError } from "@seedscope/core";
import { getRunWithRecipe, loadCheckpoint, type Store } from "@seedscope/db";
import { type TfjsWeightFiles, tfjsWeightFiles } from "./tfjs-weights";

/**
 * A run's stored checkpoint as TensorFlow.js weight files. Only the latest end-of-epoch checkpoint is kept,
 * so `epoch` (named `epochField` in the refusal) must be that one's epoch when given.
 */
export async function runWeightFiles(
  store: Store,
  runId: number,
  epoch?: number,
  epochField = "--epoch",
): Promise<TfjsWeightFiles> {
  const run = await getRunWithRecipe(store, runId);
  if (!run) throw new UserError(`no run has id ${runId} (see seedscope runs list)`);
  const checkpoint = await loadCheckpoint(store, runId);
  if (!checkpoint) {
    throw new UserError(
      run.source === "seedscope"
        ? `run ${runId} has no checkpoint: it has not finished an epoch yet`
        : `run ${runId} has no checkpoint: it was logged from outside seedscope (${run.source}), which stores no weights`,
    );
  }
  if (epoch !== undefined && epoch !== checkpoint.epochsDone) {
    throw new UserError(
      `${epochField} ${epoch}: run ${runId} keeps only its latest end-of-epoch checkpoint, from epoch ${checkpoint.epochsDone}; earlier epochs are not stored`,
    );
  }
  return tfjsWeightFiles(checkpoint.data, {
    run: runId,
    arch: run.arch,
    archSpec: run.archSpec,
    dataset: run.dataset,
    seed: run.seed,
  });
}
