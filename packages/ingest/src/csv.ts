import { parse } from "csv-parse/sync";
import { importError } from "./errors";

/** Rows of a CSV file as header → cell text, with the 1-based line of each row. */
export interface CsvRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

/**
 * Parses a CSV file with a header line. A repeated header line further down (timm writes one when a
 * run resumes) is skipped and counted; a row with another number of cells than the header is an error.
 */
export function readCsv(text: string, file: string): { header: string[]; rows: CsvRow[]; repeatedHeaders: number } {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    throw importError(file, `is not valid CSV (${(error as Error).message})`);
  }
  const [header, ...body] = records;
  if (!header || header.length === 0)
    throw importError(file, "is empty: expected a header line such as epoch,train_loss,eval_top1");
  const rows: CsvRow[] = [];
  let repeatedHeaders = 0;
  body.forEach((record, index) => {
    const line = index + 2;
    if (record.join(",") === header.join(",")) {
      repeatedHeaders++;
      return;
    }
    if (record.length !== header.length) {
      throw importError(file, `has ${record.length} cells where the header has ${header.length}`, line);
    }
    rows.push({ line, cells: Object.fromEntries(header.map((name, i) => [name, record[i]!])) });
  });
  return { header, rows, repeatedHeaders };
}

/** A cell as a number: plain, with thousands separators ("1,013.01") or a sign ("+6"); null when empty. */
export function numberCell(text: string | undefined): number | null {
  if (text === undefined) return null;
  const cleaned = text.replace(/,/g, "").trim();
  if (cleaned === "") return null;
  const value = Number(cleaned);
  return Number.isNaN(value) && !/^nan$/i.test(cleaned) ? null : value;
}
