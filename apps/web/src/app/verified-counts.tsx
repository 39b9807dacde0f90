"use client";
import type { VerificationCounts } from "@seedscope/db";

/** "3 verified: 2 bit-identical / 1 differing", or a hint to verify when none is. */
export function VerifiedCounts({
  counts,
  testId,
  sweepId,
}: {
  counts: VerificationCounts;
  testId: string;
  sweepId?: number;
}) {
  if (counts.verified === 0)
    return (
      <span className="muted" data-testid={testId} data-verified={0}>
        No run verified yet (
        <code>seedscope {sweepId === undefined ? "rerun <run>" : `verify ${sweepId} --epochs 1`}</code>
        ).
      </span>
    );
  return (
    <span
      data-testid={testId}
      data-verified={counts.verified}
      data-identical={counts.bitIdentical}
      data-differing={counts.differing}
    >
      {counts.verified} {counts.verified === 1 ? "run" : "runs"} verified by a rerun:{" "}
      <span className="badge identical">{counts.bitIdentical} bit-identical</span> /{" "}
      <span className={counts.differing > 0 ? "badge differs" : "badge"}>{counts.differing} differing</span>
    </span>
  );
}
