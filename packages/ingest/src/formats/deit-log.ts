import { importError } from "../errors";
import { PointSeries, type ImportedRun } from "../imported";
import { DEFAULT_METRIC_ALIASES, metricKeyFor } from "../metric-aliases";

/**
 * DeiT / MAE / RepViT `log.txt`: one JSON object per line and epoch, e.g.
 *   {"train_lr": 0.0006, "train_loss": 6.52, "test_loss": 5.54, "test_acc1": 5.84, "test_acc5": 17.0, "epoch": 2, "n_parameters": 5489328}
 * Epochs are 0-based in the file and stored 1-based (step = epochs completed). A file appended to on resume
 * repeats epochs: the later record wins. A file whose first epoch is not 0 continues a resumed run.
 * MAE pre-training logs carry only train keys: the run then has no evaluated split.
 */
export interface DeitLogOptions {
  readonly name: string;
  readonly seed?: number | null;
  readonly config?: Readonly<Record<string, unknown>> | null;
  readonly aliases?: Readonly<Record<string, string>>;
}

/** Keys of a DeiT record that describe the run rather than measure an epoch. */
const RUN_FIELDS = new Set(["epoch", "n_parameters"]);

export function parseDeitLog(text: string, file: string, options: DeitLogOptions): ImportedRun {
  const series = new PointSeries();
  const aliases = options.aliases ?? DEFAULT_METRIC_ALIASES;
  const notes: string[] = [];
  let params: number | null = null;
  let firstEpoch: number | null = null;
  let lastEpoch = -1;
  let records = 0;
  const replaced = new Set<number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw importError(file, "not a JSON object per line (a DeiT-style log.txt); check the format name", index + 1);
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      throw importError(file, 'each line must be a JSON object such as {"epoch": 0, "test_acc1": 5.8}', index + 1);
    }
    const fields = record as Record<string, unknown>;
    const epoch = fields.epoch;
    if (typeof epoch !== "number" || !Number.isInteger(epoch) || epoch < 0) {
      throw importError(file, `"epoch" must be a whole number ≥ 0, got ${JSON.stringify(epoch)}`, index + 1);
    }
    records++;
    firstEpoch ??= epoch;
    lastEpoch = Math.max(lastEpoch, epoch);
    if (typeof fields.n_parameters === "number") params = fields.n_parameters;
    for (const [name, value] of Object.entries(fields)) {
      if (RUN_FIELDS.has(name) || typeof value !== "number") continue;
      if (series.set(metricKeyFor(name, aliases), epoch + 1, value)) replaced.add(epoch);
    }
  });
  if (records === 0) throw importError(file, "holds no epoch record");
  if (replaced.size > 0)
    notes.push(
      `${replaced.size} epoch(s) logged twice (the file was appended to on resume): the later record was kept`,
    );
  const resumedFrom = firstEpoch !== null && firstEpoch > 0 ? firstEpoch + 1 : null;
  if (resumedFrom !== null) notes.push(`starts at epoch ${resumedFrom}: a resumed run`);
  return {
    name: options.name,
    config: options.config ?? null,
    seed: options.seed ?? seedFrom(options.config),
    points: series.points(),
    splits: series.splitResults(),
    epochs: lastEpoch + 1,
    resumedFrom,
    params,
    notes,
  };
}

/** The `seed` field of a configuration, when it is an integer. */
export function seedFrom(config: Readonly<Record<string, unknown>> | null | undefined, field = "seed"): number | null {
  const seed = config?.[field];
  return typeof seed === "number" && Number.isInteger(seed)
    ? seed
    : typeof seed === "string" && /^-?\d+$/.test(seed)
      ? Number(seed)
      : null;
}
