"use client";
import Link from "next/link";
import type { RunPage } from "@seedscope/db";
import { originalVerdictText, rerunVerdictText } from "../../../client/verdict-text";

/**
 * Whether a run reproduces: one badge per rerun of it with a verdict (newest first), and, for a rerun, the
 * run it re-executed and its verdict. Nothing when the run was never rerun.
 */
export function VerificationBadges({
  verification: v,
  runId,
}: {
  verification: RunPage["verification"];
  runId: number;
}) {
  const judged = v.reruns.filter((r) => r.verification !== null);
  const pending = v.reruns.filter((r) => r.verification === null);
  if (judged.length === 0 && pending.length === 0 && v.rerunOf === null) return null;
  return (
    <div data-testid="verification">
      {v.rerunOf ? (
        <p data-testid="rerun-of">
          <span className={`badge ${badgeClass(v.rerunOf.verification?.verdict)}`}>
            rerun of <Link href={`/runs/${v.rerunOf.original}`}>run {v.rerunOf.original}</Link>:{" "}
            {rerunVerdictText(v.rerunOf.verification)}
          </span>
          {v.rerunOf.verification?.verdict === "differs" ? (
            <>
              {" "}
              <Link href={`/runs/compare?a=${v.rerunOf.original}&b=${runId}`}>compare the two</Link>
            </>
          ) : null}
        </p>
      ) : null}
      {judged.map((r) => (
        <p key={r.rerunId} data-testid="verdict" data-rerun={r.rerunId} data-verdict={r.verification!.verdict}>
          <span className={`badge ${badgeClass(r.verification!.verdict)}`}>
            {originalVerdictText(r.verification!, r.rerunId)}
          </span>{" "}
          <Link href={`/runs/compare?a=${runId}&b=${r.rerunId}`}>compare</Link>
          {r.verification!.forced ? <span className="warn"> (forced despite: {r.verification!.forced})</span> : null}
        </p>
      ))}
      {pending.length > 0 ? (
        <p className="muted">
          {pending.length === 1 ? "A rerun" : `${pending.length} reruns`} without a verdict yet:{" "}
          {pending.map((r) => `run ${r.rerunId} (${r.status})`).join(", ")}.
        </p>
      ) : null}
    </div>
  );
}

function badgeClass(verdict: string | undefined): string {
  return verdict === "bit-identical" ? "identical" : verdict === "differs" ? "differs" : "";
}
