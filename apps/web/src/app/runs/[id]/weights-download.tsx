"use client";
import type { RunPage } from "@seedscope/db";
import { dateTime } from "../../../client/format";
import { Empty } from "../../../client/state";

/** Where the dashboard serves a run's checkpoint in the TensorFlow.js format (the same files as export-weights). */
export function weightsPath(runId: number, epoch: number, file: "model.json" | "group1-shard1of1.bin"): string {
  return `/weights/${runId}/${epoch}/${file}`;
}

/** The run's stored checkpoint as TensorFlow.js weight files: the manifest and its one binary shard. */
export function WeightsDownload({ runId, checkpoint }: { runId: number; checkpoint: RunPage["checkpoint"] }) {
  if (checkpoint === null) return <Empty>No checkpoint stored: the run has not finished an epoch.</Empty>;
  return (
    <p data-testid="weights">
      Weights after epoch <b data-testid="weights-epoch">{checkpoint.epoch}</b> (saved {dateTime(checkpoint.savedAt)}),
      in the TensorFlow.js format:{" "}
      <a href={weightsPath(runId, checkpoint.epoch, "model.json")} download data-testid="weights-manifest">
        model.json
      </a>{" "}
      (the weights manifest) and{" "}
      <a href={weightsPath(runId, checkpoint.epoch, "group1-shard1of1.bin")} download data-testid="weights-bin">
        group1-shard1of1.bin
      </a>{" "}
      (float32). Only the latest end-of-epoch checkpoint is kept. The same files from the terminal:{" "}
      <code>seedscope export-weights {runId}</code>.
    </p>
  );
}
