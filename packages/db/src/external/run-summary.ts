import type { RunSummary } from "@seedscope/core";
import type { SqlClient } from "../sql-client";

const SUMMARY_KEYS = ["val/top1", "val/top5", "val/loss", "v2/top1", "v2/top5", "v2/loss"];

/**
 * Recomputes an outside run's summary from its stored metrics: each split's last (highest-step) top-1,
 * top-5 and loss, and its epochs as the highest step of val/top1 (of any metric when it has none).
 */
export async function refreshRunSummary(tx: SqlClient, runId: number): Promise<void> {
  const last = await tx.query<{ key: string; step: number; value: number }>(
    `SELECT DISTINCT ON (key) key, step, value FROM "Metric" WHERE "runId" = $1 AND key = ANY($2::text[])
     ORDER BY key, step DESC`,
    [runId, SUMMARY_KEYS],
  );
  const summary: Record<string, Record<string, number>> = {};
  for (const m of last) {
    const [split, name] = m.key.split("/") as [string, string];
    if (!Number.isFinite(m.value)) continue;
    (summary[split] ??= {})[name] = m.value;
  }
  const valSteps = last.find((m) => m.key === "val/top1")?.step;
  await tx.query(
    `UPDATE "Run" SET summary = $2::jsonb, "valTop1" = $3, "v2Top1" = $4,
            "epochsDone" = COALESCE($5, (SELECT max(step) FROM "Metric" WHERE "runId" = $1), 0)
     WHERE id = $1`,
    [
      runId,
      Object.keys(summary).length === 0 ? null : JSON.stringify(summary satisfies RunSummary),
      summary.val?.top1 ?? null,
      summary.v2?.top1 ?? null,
      valSteps ?? null,
    ],
  );
}
