import { importError } from "../errors";
import { readCsv, numberCell, type CsvRow } from "../csv";
import type { ImportedRun, SplitResult } from "../imported";

/**
 * timm's per-model result tables: `results-imagenet.csv` (val) and, optionally,
 * `results-imagenetv2-matched-frequency.csv` (v2). One run per (model, image size) — a model name can
 * appear at two resolutions — with val and v2 top-1/top-5, parameters (the table gives millions) and the
 * evaluation settings as its configuration. No epochs: the values are final results.
 */
export interface TimmResultsImport {
  readonly runs: ImportedRun[];
  /** Models in the val table without a v2 row, and v2 rows without a val row. */
  readonly unmatched: { readonly valOnly: string[]; readonly v2Only: string[] };
}

const REQUIRED = ["model", "top1", "img_size"];

function tableOf(text: string, file: string): Map<string, CsvRow> {
  const { header, rows } = readCsv(text, file);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw importError(file, `lacks the column(s) ${missing.join(", ")}: is this a timm results-*.csv table?`);
  const byKey = new Map<string, CsvRow>();
  for (const row of rows) {
    const key = `${row.cells.model}@${row.cells.img_size}`;
    if (byKey.has(key))
      throw importError(file, `lists ${row.cells.model} at image size ${row.cells.img_size} twice`, row.line);
    byKey.set(key, row);
  }
  return byKey;
}

function split(row: CsvRow | undefined): SplitResult | null {
  if (!row) return null;
  return { top1: numberCell(row.cells.top1), top5: numberCell(row.cells.top5), loss: null, best: null };
}

export function parseTimmResults(
  valText: string,
  valFile: string,
  v2Text: string | null,
  v2File: string,
): TimmResultsImport {
  const val = tableOf(valText, valFile);
  const v2 = v2Text === null ? new Map<string, CsvRow>() : tableOf(v2Text, v2File);
  const runs: ImportedRun[] = [];
  const valOnly: string[] = [];
  for (const [key, row] of val) {
    const other = v2.get(key);
    if (v2Text !== null && !other) valOnly.push(key);
    const splits: Record<string, SplitResult> = { val: split(row)! };
    const v2Split = split(other);
    if (v2Split) splits.v2 = v2Split;
    const paramsMillions = numberCell(row.cells.param_count);
    const points = Object.entries(splits).flatMap(([name, s]) => [
      ...(s.top1 === null ? [] : [{ key: `${name}/top1`, step: 0, value: s.top1 }]),
      ...(s.top5 === null ? [] : [{ key: `${name}/top5`, step: 0, value: s.top5 }]),
    ]);
    runs.push({
      name: key,
      config: {
        model: row.cells.model,
        img_size: numberCell(row.cells.img_size),
        crop_pct: numberCell(row.cells.crop_pct),
        interpolation: row.cells.interpolation ?? null,
      },
      seed: null,
      points,
      splits,
      epochs: 0,
      resumedFrom: null,
      params: paramsMillions === null ? null : Math.round(paramsMillions * 1e6),
      notes: [],
    });
  }
  const v2Only = [...v2.keys()].filter((key) => !val.has(key));
  return { runs, unmatched: { valOnly, v2Only } };
}
