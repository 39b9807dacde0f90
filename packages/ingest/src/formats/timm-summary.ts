import { parse as parseYaml } from "yaml";
import { importError } from "../errors";
import { PointSeries, type ImportedRun } from "../imported";
import { readCsv, numberCell } from "../csv";
import { DEFAULT_METRIC_ALIASES, metricKeyFor } from "../metric-aliases";
import { seedFrom } from "./deit-log";

/**
 * A timm output folder: `summary.csv` (epoch, train_loss, eval_loss, eval_top1, eval_top5 and, in newer
 * versions, lr; a resumed run writes the header again mid-file) and `args.yaml` beside it, the run's
 * configuration, whose `seed` is the run's seed. Epochs are 0-based in the file, stored 1-based.
 */
export interface TimmSummaryOptions {
  readonly name: string;
  /** The text of args.yaml, or null when the folder has none. */
  readonly argsYaml: string | null;
  readonly seed?: number | null;
  readonly aliases?: Readonly<Record<string, string>>;
}

export function parseTimmArgs(text: string, file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw importError(file, `is not valid YAML (${(error as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw importError(file, "must be a YAML mapping of argument names to values");
  return parsed as Record<string, unknown>;
}

export function parseTimmSummary(csvText: string, file: string, options: TimmSummaryOptions): ImportedRun {
  const { header, rows, repeatedHeaders } = readCsv(csvText, file);
  if (!header.includes("epoch"))
    throw importError(file, `has no "epoch" column (columns: ${header.join(", ")}): is this a timm summary.csv?`);
  const config = options.argsYaml === null ? null : parseTimmArgs(options.argsYaml, `${options.name}/args.yaml`);
  const aliases = options.aliases ?? DEFAULT_METRIC_ALIASES;
  const series = new PointSeries();
  let replacedEpochs = 0;
  let firstEpoch: number | null = null;
  let lastEpoch = -1;
  for (const row of rows) {
    const epoch = numberCell(row.cells.epoch);
    if (epoch === null || !Number.isInteger(epoch) || epoch < 0)
      throw importError(file, `epoch must be a whole number ≥ 0, got "${row.cells.epoch}"`, row.line);
    firstEpoch ??= epoch;
    lastEpoch = Math.max(lastEpoch, epoch);
    let replaced = false;
    for (const name of header) {
      if (name === "epoch") continue;
      const value = numberCell(row.cells[name]);
      if (value !== null) replaced = series.set(metricKeyFor(name, aliases), epoch + 1, value) || replaced;
    }
    if (replaced) replacedEpochs++;
  }
  if (lastEpoch < 0) throw importError(file, "holds no epoch row");
  const notes: string[] = [];
  if (repeatedHeaders > 0) notes.push(`${repeatedHeaders} repeated header line(s): the run was resumed`);
  if (replacedEpochs > 0) notes.push(`${replacedEpochs} epoch(s) logged twice: the later row was kept`);
  if (config === null)
    notes.push("no args.yaml beside summary.csv: no configuration, and no seed unless --seed is given");
  const resumedFrom = firstEpoch !== null && firstEpoch > 0 ? firstEpoch + 1 : null;
  return {
    name: options.name,
    config,
    seed: options.seed ?? seedFrom(config),
    points: series.points(),
    splits: series.splitResults(),
    epochs: lastEpoch + 1,
    resumedFrom,
    params: null,
    notes,
  };
}
