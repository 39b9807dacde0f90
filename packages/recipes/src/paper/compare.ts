import type { Recipe } from "@seedscope/core";
import { canonicalJson } from "../canonical";
import { effectiveLr } from "../lr";
import type { PaperRow, PaperStatus, PaperValue } from "./rows";

/** One line of `recipes show <name> --paper`: the paper's value, ours (read from the recipe), and why. */
export interface PaperComparison {
  path: string;
  /** The paper's value in words ("3e-3", "✓ (no count)", "not stated"). */
  paper: string;
  /** The paper's value where it is comparable (absent for words and for "not stated"). */
  paperValue?: unknown;
  /** Our value, as the recipe holds it. */
  ours: unknown;
  /** Our value in words (the lr with its batch-size scaling). */
  oursText: string;
  status: PaperStatus;
  why: string | null;
  source: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value at a dotted path, or undefined where the recipe has no such field. */
export function valueAtPath(recipe: unknown, path: string): unknown {
  let at: unknown = recipe;
  for (const key of path.split(".")) {
    if (!isRecord(at) || !Object.hasOwn(at, key)) return undefined;
    at = at[key];
  }
  return at;
}

/** Numbers short (1e-4, 0.9333), strings bare, the rest as JSON. */
export function shortValue(v: unknown): string {
  if (typeof v === "number") {
    if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential().replace(/\.?0+e/, "e");
    return String(Number(v.toPrecision(4)));
  }
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return `[${v.map(shortValue).join(", ")}]`;
  return JSON.stringify(v) ?? "(absent)";
}

export function paperText(paper: PaperValue): string {
  switch (paper.kind) {
    case "value":
      return shortValue(paper.value);
    case "text":
      return paper.text;
    case "silent":
      return "not stated";
  }
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

export function statusOf(row: PaperRow, ours: unknown): PaperStatus {
  switch (row.paper.kind) {
    case "silent":
      return "not stated";
    case "value":
      return sameValue(row.paper.value, ours) ? "same" : "adapted";
    case "text":
      return row.status ?? (row.why ? "adapted" : "same");
  }
}

function oursText(recipe: Recipe, path: string, ours: unknown): string {
  if (path !== "optimizer.lr") return shortValue(ours);
  const { referenceBatchSize, rule } = recipe.lrScaling;
  if (rule === "none" || referenceBatchSize === recipe.batchSize) return shortValue(ours);
  return `${shortValue(ours)} at bs ${referenceBatchSize} (${rule}) → ${shortValue(effectiveLr(recipe))} at bs ${recipe.batchSize}`;
}

/** Each row next to the recipe's own value. */
export function compareWithPaper(recipe: Recipe, rows: readonly PaperRow[]): PaperComparison[] {
  return rows.map((row) => {
    const ours = valueAtPath(recipe, row.path);
    return {
      path: row.path,
      paper: paperText(row.paper),
      ...(row.paper.kind === "value" ? { paperValue: row.paper.value } : {}),
      ours,
      oursText: oursText(recipe, row.path, ours),
      status: statusOf(row, ours),
      why: row.why ?? null,
      source: row.source,
    };
  });
}
