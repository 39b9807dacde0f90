/** What some metrics measure, beside their key in the chart's title. */
export const KEY_NOTES: Readonly<Record<string, string>> = {
  "perf/peak_memory_mb": "process peak RSS: the whole training process, not the model",
  "perf/peak_tensor_mb": "tensors' peak: the model's weights, gradients, optimizer state and activations",
};

/** How a metric key reads on a chart axis. */
export function describeKey(key: string): { x: string; y: string } {
  const perStep = key === "lr" || key === "train/step_loss";
  const x = perStep ? "optimizer step" : "epoch";
  if (key.endsWith("/top1") || key.endsWith("/top5")) return { x, y: `${key} (%)` };
  if (key.startsWith("time/")) return { x, y: `${key} (s)` };
  if (key.endsWith("_mb")) return { x, y: `${key} (MB)` };
  if (key === "perf/images_per_s") return { x, y: "images/s" };
  return { x, y: key };
}

/** A chart id for a metric key (`val/top1` → `val-top1`). */
export function keyId(key: string): string {
  return key.replaceAll("/", "-");
}
