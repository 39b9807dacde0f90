/** Display helpers: one place decides how numbers look, so tables and tests agree. */

/** An accuracy in percent with two decimals; "–" when undefined. */
export function pct(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
}

/** mean ± std; the std part is left out when it is undefined (one seed). */
export function meanStd(mean: number, std: number, digits = 2): string {
  if (!Number.isFinite(mean)) return "–";
  return Number.isFinite(std) ? `${mean.toFixed(digits)} ± ${std.toFixed(digits)}` : mean.toFixed(digits);
}

export function pValue(p: number): string {
  if (!Number.isFinite(p)) return "–";
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}

export function signed(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return "–";
  return `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(digits)}`;
}

export function count(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return Math.round(value).toLocaleString("en-US");
}

/** 1.2 M, 345 k: parameter and FLOP counts. */
export function compact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const units: [number, string][] = [
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ];
  for (const [size, unit] of units)
    if (Math.abs(value) >= size) return `${(value / size).toFixed(value / size >= 100 ? 0 : 1)} ${unit}`;
  return value.toFixed(0);
}

export function dateTime(value: Date | string | null | undefined): string {
  if (!value) return "–";
  const d = typeof value === "string" ? new Date(value) : value;
  return d.toISOString().replace("T", " ").slice(0, 19);
}

/** A recipe field's value as a short string (arrays and objects as compact JSON). */
export function fieldValue(value: unknown): string {
  if (value === undefined) return "(absent)";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** A memory size in MB: one decimal below 10 MB (small models' tensors), whole numbers above. */
export function megabytes(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value < 10 ? value.toFixed(1) : value.toFixed(0);
}
