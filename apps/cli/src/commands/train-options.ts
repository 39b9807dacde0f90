import { z } from "zod";
import { parseInput } from "@seedscope/core";
import { checkSmallDigitsDatasets } from "@seedscope/recipes";
import { BACKEND_NAMES } from "../help-names";
import { threadsOption } from "../threads";

/*
 * `seedscope run`'s input, checked before `train-actions` loads the store, the engine and TensorFlow.js
 * (≈ 1.5 s): a mistyped flag is refused at once.
 */

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
  smallDigits: z.boolean().default(false),
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
export type RunOptions = z.output<typeof RunOptionsSchema>;

/** `seedscope run`'s options, checked. */
export function parseRunOptions(raw: Record<string, unknown>): RunOptions {
  const opts = parseInput(RunOptionsSchema, raw, "options");
  if (opts.smallDigits) checkSmallDigitsDatasets([opts.dataset]);
  return opts;
}
