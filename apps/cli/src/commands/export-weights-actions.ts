import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { parseInput } from "@seedscope/core";
import { runWeightFiles, WEIGHTS_SHARD } from "@seedscope/train";
import { withStore } from "../with-store";

const RunArgSchema = z.coerce
  .number({ error: "<run> must be a run id, e.g. 42" })
  .int("<run> must be a whole number")
  .positive("<run> must be ≥ 1")
  .max(2_147_483_647, "<run> is at most 2147483647");

const ExportOptionsSchema = z.object({
  epoch: z.coerce
    .number({ error: "--epoch must be a whole number (e.g. --epoch 3)" })
    .int("--epoch must be a whole number")
    .positive("--epoch must be ≥ 1")
    .max(2_147_483_647, "--epoch is at most 2147483647")
    .optional(),
  out: z.string().min(1, "--out needs a directory").optional(),
});

/** `seedscope export-weights <run>`. */
export async function exportWeightsCommand(idText: string, raw: Record<string, unknown>): Promise<void> {
  const runId = parseInput(RunArgSchema, idText, "argument");
  const opts = parseInput(ExportOptionsSchema, raw, "options");
  const files = await withStore((store) => runWeightFiles(store, runId, opts.epoch));
  const dir = resolve(opts.out ?? `run-${runId}-epoch-${files.epoch}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "model.json"), files.modelJson);
  writeFileSync(join(dir, WEIGHTS_SHARD), files.shard);
  console.log(
    `run ${runId}, epoch ${files.epoch}: ${files.weightCount} weights (${files.shard.byteLength} bytes float32) → ${join(dir, "model.json")} and ${WEIGHTS_SHARD}`,
  );
}
