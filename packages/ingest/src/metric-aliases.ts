import { METRIC_KEY_PATTERN } from "@seedscope/core";

/**
 * How metric names from other trainers map to seedscope keys. DeiT / MAE / RepViT write `test_acc1`,
 * timm `eval_top1`, Keras `val_accuracy`, many scripts `val_acc`: all are `val/top1`. A `v2/`, `v2_` or
 * `imagenetv2` prefix moves the metric to the v2 split. Names already in seedscope's form pass unchanged;
 * anything else is kept, lower-cased, under `other/` so that nothing is lost.
 */
export const DEFAULT_METRIC_ALIASES: Readonly<Record<string, string>> = {
  test_acc1: "val/top1",
  test_acc5: "val/top5",
  test_loss: "val/loss",
  eval_top1: "val/top1",
  eval_top5: "val/top5",
  eval_loss: "val/loss",
  val_acc: "val/top1",
  val_acc1: "val/top1",
  val_acc5: "val/top5",
  val_top1: "val/top1",
  val_top5: "val/top5",
  val_loss: "val/loss",
  val_accuracy: "val/top1",
  top1: "val/top1",
  top5: "val/top5",
  acc1: "val/top1",
  acc5: "val/top5",
  train_loss: "train/loss",
  loss: "train/loss",
  train_lr: "lr",
  lr: "lr",
};

const V2_PREFIX = /^(?:v2[/_]|imagenetv2(?:[-_]matched[-_]frequency)?[/_])/i;

/** A user's extra aliases (`name=key`), checked against seedscope's key format. */
export function parseAliases(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf("=");
    const key = item.slice(eq + 1).trim();
    if (eq <= 0 || !METRIC_KEY_PATTERN.test(key)) {
      throw new Error(
        `metric alias "${item}" must read name=key with a seedscope key such as val/top1 (lower case, slash-separated)`,
      );
    }
    out[item.slice(0, eq).trim().toLowerCase()] = key;
  }
  return out;
}

/** The seedscope key for a foreign metric name. */
export function metricKeyFor(name: string, aliases: Readonly<Record<string, string>> = DEFAULT_METRIC_ALIASES): string {
  const lower = name.trim().toLowerCase();
  // An alias names the key outright, v2 metrics included (e.g. v2_acc=v2/top1).
  const alias = aliases[lower];
  if (alias) return alias;
  const v2 = V2_PREFIX.exec(lower);
  if (v2) {
    const rest = metricKeyFor(lower.slice(v2[0].length), aliases);
    // The rest names a measure of some split (val/top1, train/loss for a bare "loss"): on v2 it is v2's.
    return `v2/${rest.replace(/^(?:val|train|other)\//, "")}`;
  }
  if (METRIC_KEY_PATTERN.test(lower)) return lower;
  const cleaned = lower.replace(/[^a-z0-9_./@-]+/g, "_").replace(/^_+|_+$/g, "") || "metric";
  return `other/${cleaned}`;
}
