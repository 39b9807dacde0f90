"use client";
import Link from "next/link";
import type { SourceCount } from "@seedscope/db";

/**
 * Where the stored runs come from, once any came from outside seedscope: "seedscope 13 · mlflow 4 (1 without
 * a seed)", each a link to the runs table filtered by that source.
 */
export function SourceLine({ sources }: { sources: readonly SourceCount[] }) {
  if (!sources.some((s) => s.source !== "seedscope")) return null;
  return (
    <p className="muted" data-testid="run-sources">
      Runs by source:{" "}
      {sources.map((s, i) => (
        <span key={s.source} data-source={s.source}>
          {i > 0 ? " · " : ""}
          <Link href={`/runs?source=${encodeURIComponent(s.source)}`}>{s.source}</Link> <b>{s.runs}</b>
          {s.withoutSeed > 0 ? ` (${s.withoutSeed} without a seed, outside the seed statistics)` : ""}
        </span>
      ))}
    </p>
  );
}
