import { z } from "zod";

/** The data splits every run is evaluated on each epoch. `v2` is held out and never used for selection. */
export const SPLITS = ["train", "val", "v2"] as const;
export type Split = (typeof SPLITS)[number];

/** The held-out splits that results are reported and compared on (train is not one of them). */
export const EVAL_SPLITS = ["val", "v2"] as const satisfies readonly Split[];
export type EvalSplit = (typeof EVAL_SPLITS)[number];

/**
 * Metric keys are slash-separated lower-case paths: `val/top1`, `train/loss`, `lr`, `subnet/3/top1`.
 * Steps are epochs for per-epoch metrics and optimizer steps for per-step ones (`train/step_loss`).
 */
export const METRIC_KEY_PATTERN = /^[a-z0-9_]+(?:\/[a-z0-9_.@-]+)*$/;

export const MetricKeySchema = z
  .string()
  .max(200, "metric keys are at most 200 characters")
  .regex(METRIC_KEY_PATTERN, "use lower-case slash-separated names such as `val/top1` or `train/loss`");

/** A metric value: any number, NaN and ±Infinity included (a diverged loss is worth keeping). */
export const MetricValueSchema = z.custom<number>((v) => typeof v === "number", "must be a number");

export const MetricPointSchema = z.object({
  key: MetricKeySchema,
  step: z.number().int("step must be an integer").min(0, "step must be ≥ 0").max(2_147_483_647),
  value: MetricValueSchema,
});
export type MetricPoint = z.infer<typeof MetricPointSchema>;

/** Final metrics of one split, as stored in a run's summary. */
export const SplitSummarySchema = z.object({
  top1: z.number().optional(),
  top5: z.number().optional(),
  loss: z.number().optional(),
});
export const RunSummarySchema = z.record(z.string(), SplitSummarySchema);
export type RunSummary = z.infer<typeof RunSummarySchema>;
