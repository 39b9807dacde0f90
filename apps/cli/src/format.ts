import Table from "cli-table3";

/** A plain-text table for terminals (no colours, so it reads the same in logs). */
export function table(head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, style: { head: [], border: [] }, chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" } });
  for (const row of rows) t.push(row.map(String));
  return t.toString();
}

export function pct(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || Number.isNaN(value) ? "-" : value.toFixed(digits);
}

export function count(value: number | null | undefined): string {
  return value === null || value === undefined ? "-" : value.toLocaleString("en-US");
}

export function when(value: Date | null | undefined): string {
  return value ? value.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z") : "-";
}
