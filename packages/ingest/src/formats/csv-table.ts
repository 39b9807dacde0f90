import { importError } from "../errors";
import { readCsv, numberCell } from "../csv";
import { PointSeries, type ImportedRun } from "../imported";
import { DEFAULT_METRIC_ALIASES, metricKeyFor } from "../metric-aliases";

/**
 * A generic table: one row per run, or one per run × epoch. Columns are mapped by options: `run` names
 * the column identifying a run (absent: the whole file is one run, or one run per row when there is no
 * epoch column either), `epoch` the epoch column (0-based unless `epochBase` is 1), `seed` the seed column.
 * A column whose name maps to a split or training metric (see the alias table), or that is listed in
 * `metrics`, is a metric; every other column is configuration (its first value for the run).
 */
export interface CsvTableOptions {
  readonly name: string;
  readonly run?: string;
  readonly epoch?: string;
  readonly epochBase?: 0 | 1;
  readonly seed?: string;
  readonly metrics?: readonly string[];
  readonly aliases?: Readonly<Record<string, string>>;
}

const METRIC_KEY = /^(?:val|v2|train)\/|^lr$/;

export function parseCsvTable(text: string, file: string, options: CsvTableOptions): ImportedRun[] {
  const { header, rows } = readCsv(text, file);
  for (const [flag, column] of [
    ["--run-column", options.run],
    ["--epoch-column", options.epoch],
    ["--seed-column", options.seed],
  ] as const) {
    if (column !== undefined && !header.includes(column))
      throw importError(file, `has no column "${column}" (${flag}); its columns: ${header.join(", ")}`);
  }
  for (const column of options.metrics ?? []) {
    if (!header.includes(column))
      throw importError(file, `has no column "${column}" (--metric); its columns: ${header.join(", ")}`);
  }
  const aliases = options.aliases ?? DEFAULT_METRIC_ALIASES;
  const special = new Set([options.run, options.epoch, options.seed].filter((c): c is string => c !== undefined));
  const metricColumns = header.filter(
    (c) => !special.has(c) && ((options.metrics ?? []).includes(c) || METRIC_KEY.test(metricKeyFor(c, aliases))),
  );
  if (metricColumns.length === 0)
    throw importError(file, `has no metric column: name one with --metric (columns: ${header.join(", ")})`);
  const configColumns = header.filter((c) => !special.has(c) && !metricColumns.includes(c));
  const base = options.epochBase ?? 0;

  const groups = new Map<string, typeof rows>();
  rows.forEach((row, index) => {
    const id =
      options.run !== undefined
        ? row.cells[options.run]!
        : options.epoch !== undefined
          ? options.name
          : `${options.name}#${index + 1}`;
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  });

  return [...groups].map(([id, group]) => {
    const series = new PointSeries();
    let lastEpoch = 0;
    for (const row of group) {
      let step = 0;
      if (options.epoch !== undefined) {
        const epoch = numberCell(row.cells[options.epoch]);
        if (epoch === null || !Number.isInteger(epoch) || epoch < base) {
          throw importError(
            file,
            `${options.epoch} must be a whole number ≥ ${base}, got "${row.cells[options.epoch]}"`,
            row.line,
          );
        }
        step = epoch - base + 1;
        lastEpoch = Math.max(lastEpoch, step);
      }
      for (const column of metricColumns) {
        const value = numberCell(row.cells[column]);
        if (value !== null) series.set(metricKeyFor(column, aliases), step, value);
      }
    }
    const first = group[0]!;
    const config = Object.fromEntries(configColumns.map((c) => [c, numberCell(first.cells[c]) ?? first.cells[c]!]));
    const seedText = options.seed === undefined ? undefined : first.cells[options.seed];
    const seed = seedText === undefined ? null : numberCell(seedText);
    if (seed !== null && !Number.isInteger(seed))
      throw importError(file, `seed "${seedText}" is not a whole number`, first.line);
    return {
      name: id,
      config: configColumns.length === 0 ? null : config,
      seed,
      points: series.points(),
      splits: series.splitResults(),
      epochs: lastEpoch,
      resumedFrom: null,
      params: null,
      notes: [],
    } satisfies ImportedRun;
  });
}
