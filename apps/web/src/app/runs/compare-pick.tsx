"use client";
import Link from "next/link";

/** Ticking a run: untick it if ticked, else add it, keeping the two newest ticks. */
export function pickRun(picked: readonly number[], id: number): number[] {
  if (picked.includes(id)) return picked.filter((p) => p !== id);
  return [...picked, id].slice(-2);
}

/** The link to the compare-runs view, once two runs are ticked (the older run is a, the reference). */
export function compareRunsHref(picked: readonly number[]): string | null {
  if (picked.length !== 2) return null;
  const [a, b] = [...picked].sort((x, y) => x - y);
  return `/runs/compare?a=${a}&b=${b}`;
}

export function CompareBar({ picked, onClear }: { picked: readonly number[]; onClear: () => void }) {
  const href = compareRunsHref(picked);
  return (
    <p className="muted" data-testid="compare-bar">
      {href ? (
        <>
          <Link href={href} data-testid="compare-runs">
            Compare runs {[...picked].sort((x, y) => x - y).join(" and ")}
          </Link>{" "}
          ·{" "}
          <button type="button" onClick={onClear}>
            clear
          </button>
        </>
      ) : picked.length === 1 ? (
        `Run ${picked[0]} picked: tick one more to compare the two.`
      ) : (
        "Tick two runs to compare them: fields, fingerprints and metric curves side by side."
      )}
    </p>
  );
}
