import type { Verification } from "@seedscope/db";

/*
 * A rerun's verdict in words, the same on the run page, the runs table and the compare view:
 * "reproduced bit-identically (run 7, 2 epochs)" or "differs from rerun 8: first at val/loss step 1, …".
 */

/** The largest |Δ| over the keys that differ, with its key; null when none is known. */
export function largestDelta(v: Verification): { key: string; delta: number | null } | null {
  const entries = Object.entries(v.maxAbsDelta);
  if (entries.length === 0) return null;
  const unknown = entries.find(([, d]) => d === null);
  if (unknown) return { key: unknown[0], delta: null };
  const [key, delta] = entries.reduce((best, e) => ((e[1] ?? 0) > (best[1] ?? 0) ? e : best));
  return { key, delta };
}

export function deltaText(delta: number | null): string {
  return delta === null ? "a point missing or not a number" : delta.toExponential(2);
}

/** "first at val/loss step 1" — or why no step is named. */
export function firstAt(v: Verification): string {
  const first = v.firstDivergence;
  return first ? `first at ${first.key} step ${first.step}` : "no point compared";
}

/** The fingerprint fields that differ, the likely cause, or "none recorded". */
export function likelyCause(v: Verification): string {
  return v.fingerprintDifferences.length === 0
    ? "none recorded"
    : v.fingerprintDifferences.map((d) => d.field).join(", ");
}

/** The verdict of rerun `rerunId` on the run it re-executed. */
export function originalVerdictText(v: Verification, rerunId: number): string {
  if (v.verdict === "bit-identical") return `reproduced bit-identically (run ${rerunId}, ${v.epochs} epochs)`;
  const largest = largestDelta(v);
  const delta = largest ? `max |Δ| ${deltaText(largest.delta)} (${largest.key})` : "max |Δ| –";
  return `differs from rerun ${rerunId}: ${firstAt(v)}, ${delta}, likely cause: ${likelyCause(v)}`;
}

/** A rerun's own verdict, after "rerun of run M: ". */
export function rerunVerdictText(v: Verification | null): string {
  if (v === null) return "no verdict yet";
  return v.verdict === "bit-identical"
    ? `bit-identical (${v.epochs} epochs)`
    : `differs, ${firstAt(v)}, likely cause: ${likelyCause(v)}`;
}
