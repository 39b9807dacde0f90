import Table from "cli-table3";

/** Columns available to a table: the terminal's width, `COLUMNS` when piped, else unlimited. */
export function outputWidth(stream: NodeJS.WriteStream = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  if (stream.isTTY && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : Number.POSITIVE_INFINITY;
}

const displayWidth = (text: string) => Math.max(0, ...text.split("\n").map((line) => [...line].length));
/** The narrowest a column is squeezed to (content plus its two spaces of padding). */
const MIN_COLUMN = 8;

/**
 * Column widths (padding included) that make the table fit `maxWidth`, or null when it fits as it is:
 * the widest columns give way first, down to {@link MIN_COLUMN}; their cells then wrap.
 */
const naturalWidths = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))) + 2);

export function fitColumns(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  maxWidth: number,
): number[] | null {
  const natural = naturalWidths(head, rows);
  const borders = head.length + 1;
  const total = (widths: number[]) => widths.reduce((a, b) => a + b, 0) + borders;
  if (total(natural) <= maxWidth) return null;
  const widths = [...natural];
  while (total(widths) > maxWidth) {
    const widest = Math.max(...widths);
    if (widest <= MIN_COLUMN) break;
    const i = widths.indexOf(widest);
    const next = Math.max(MIN_COLUMN, ...widths.filter((w) => w < widest));
    // Shrink the widest column to the next width down, or just enough to fit.
    widths[i] = Math.max(next, widest - (total(widths) - maxWidth));
  }
  return widths;
}

export interface TableOptions {
  /** Columns available (default: {@link outputWidth}). */
  readonly maxWidth?: number;
  /**
   * Headers of columns that may be left out, first to go first, while the table is wider than the
   * terminal (the others are squeezed after); a line under the table names them.
   */
  readonly optional?: readonly string[];
}

/** A plain-text table for terminals (no colours, so it reads the same in logs), fitted to the terminal. */
export function table(head: string[], rows: (string | number)[][], options: TableOptions = {}): string {
  const maxWidth = options.maxWidth ?? outputWidth();
  let cells = rows.map((row) => row.map(String));
  const hidden: string[] = [];
  for (const name of options.optional ?? []) {
    if (fitColumns(head, cells, maxWidth) === null) break;
    const i = head.indexOf(name);
    if (i < 0) continue;
    hidden.push(name);
    head = head.filter((_, j) => j !== i);
    cells = cells.map((row) => row.filter((_, j) => j !== i));
  }
  const colWidths = fitColumns(head, cells, maxWidth);
  const t = new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    ...(colWidths ? { colWidths, wordWrap: true, wrapOnWordBoundary: true } : {}),
  });
  for (const row of cells) t.push(row);
  return hidden.length === 0 ? t.toString() : `${t.toString()}\nhidden to fit: ${hidden.join(", ")} (widen to see)`;
}

export function pct(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || Number.isNaN(value) ? "-" : value.toFixed(digits);
}

export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? "-" : value.toLocaleString("en-US");
}

export function when(value: Date | null | undefined): string {
  return value
    ? value
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, "Z")
    : "-";
}

/** Seconds as "45s", "3m 20s" or "1h 05m"; "--" while unknown. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "--";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
