"use client";
import Link from "next/link";
import type { RunListRow } from "@seedscope/db";

const TEXT = { "bit-identical": "✓ identical", differs: "✗ differs", pending: "… pending" } as const;

/**
 * The runs table's "Verified" cell: the newest rerun verdict on a run, or, for a rerun, its own verdict on
 * the run it re-executed; either links to the two runs compared.
 */
export function VerifiedCell({ runId, badge }: { runId: number; badge: RunListRow["verified"] }) {
  if (badge === null) return <td data-col="verified" />;
  const cls =
    badge.verdict === "bit-identical" ? "badge identical" : badge.verdict === "differs" ? "badge differs" : "badge";
  const [a, b] = badge.role === "original" ? [runId, badge.other] : [badge.other, runId];
  const title =
    badge.role === "original"
      ? `rerun ${badge.other}: ${badge.verdict}`
      : `this run is a rerun of run ${badge.other}: ${badge.verdict}`;
  return (
    <td data-col="verified" data-verdict={badge.verdict} data-role={badge.role} data-other={badge.other}>
      <Link href={`/runs/compare?a=${a}&b=${b}`} className={cls} title={title}>
        {badge.role === "rerun" ? `rerun of ${badge.other}: ` : ""}
        {TEXT[badge.verdict]}
      </Link>
    </td>
  );
}
