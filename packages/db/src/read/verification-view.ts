import type { Store } from "../store";
import { clientsOf } from "../store-clients";
import { type Verification, VerificationSchema } from "../verification";

/*
 * What the dashboard shows of reruns: a run's verdicts (as the original, and as a rerun), a badge per run
 * in the runs table, and how many runs were verified, in a sweep or in the whole store. A run counts as
 * verified once a rerun of it recorded a verdict; its newest verdict is the one that counts.
 */

/** One recorded rerun of a run and its verdict (null while it still runs or when it stopped before one). */
export interface RerunVerdict {
  readonly rerunId: number;
  readonly status: string;
  readonly verification: Verification | null;
}

export interface RunVerification {
  /** This run's reruns, newest first. */
  readonly reruns: RerunVerdict[];
  /** When this run is itself a rerun: the run it re-executed and its verdict. */
  readonly rerunOf: { readonly original: number; readonly verification: Verification | null } | null;
}

/** A run's badge in the runs table: its newest verdict as an original, or its own verdict as a rerun. */
export interface VerifiedBadge {
  readonly role: "original" | "rerun";
  readonly verdict: Verification["verdict"] | "pending";
  /** The other run: the rerun that verified this one, or the original this one re-executed. */
  readonly other: number;
}

export interface VerificationCounts {
  /** Runs with at least one recorded verdict (reruns themselves not counted). */
  readonly verified: number;
  readonly bitIdentical: number;
  readonly differing: number;
}

function parsed(value: unknown): Verification | null {
  if (value === null || value === undefined) return null;
  const result = VerificationSchema.safeParse(value);
  return result.success ? result.data : null;
}

export async function runVerification(store: Store, runId: number): Promise<RunVerification> {
  const rows = await clientsOf(store).sql.query<{
    id: number;
    status: string;
    verification: unknown;
    rerunOf: number | null;
  }>(
    `SELECT id, status::text AS status, verification, "rerunOf" FROM "Run"
     WHERE "rerunOf" = $1 OR (id = $1 AND "rerunOf" IS NOT NULL) ORDER BY id DESC`,
    [runId],
  );
  const self = rows.find((r) => r.id === runId);
  return {
    reruns: rows
      .filter((r) => r.id !== runId)
      .map((r) => ({ rerunId: r.id, status: r.status, verification: parsed(r.verification) })),
    rerunOf: self && self.rerunOf !== null ? { original: self.rerunOf, verification: parsed(self.verification) } : null,
  };
}

/** The badge of each of `ids` that has one: a rerun's own verdict, else the newest verdict on the run. */
export async function verifiedBadges(store: Store, ids: readonly number[]): Promise<Map<number, VerifiedBadge>> {
  const badges = new Map<number, VerifiedBadge>();
  if (ids.length === 0) return badges;
  const { sql } = clientsOf(store);
  const verdictOf = (v: string | null): VerifiedBadge["verdict"] =>
    v === "bit-identical" || v === "differs" ? v : "pending";
  const [reruns, originals] = await Promise.all([
    sql.query<{ id: number; other: number; verdict: string | null }>(
      `SELECT id, "rerunOf" AS other, verification->>'verdict' AS verdict FROM "Run"
       WHERE id = ANY($1::int[]) AND "rerunOf" IS NOT NULL`,
      [ids],
    ),
    sql.query<{ id: number; other: number; verdict: string | null }>(
      // Qualified names: unqualified, ORDER BY would take the output columns (id is the original there).
      `SELECT DISTINCT ON (r."rerunOf") r."rerunOf" AS id, r.id AS other, r.verification->>'verdict' AS verdict
       FROM "Run" r WHERE r."rerunOf" = ANY($1::int[]) AND r.verification IS NOT NULL ORDER BY r."rerunOf", r.id DESC`,
      [ids],
    ),
  ]);
  for (const r of originals) badges.set(r.id, { role: "original", verdict: verdictOf(r.verdict), other: r.other });
  for (const r of reruns) badges.set(r.id, { role: "rerun", verdict: verdictOf(r.verdict), other: r.other });
  return badges;
}

/** How many runs (of one sweep, or all) have a recorded verdict, by their newest verdict. */
export async function verificationCounts(store: Store, sweepId?: number): Promise<VerificationCounts> {
  const [row] = await clientsOf(store).sql.query<VerificationCounts>(
    `SELECT count(*)::int AS verified,
            count(*) FILTER (WHERE verdict = 'bit-identical')::int AS "bitIdentical",
            count(*) FILTER (WHERE verdict = 'differs')::int AS differing
     FROM (
       SELECT DISTINCT ON (r."rerunOf") r.verification->>'verdict' AS verdict
       FROM "Run" r JOIN "Run" o ON o.id = r."rerunOf"
       WHERE r.verification IS NOT NULL AND ($1::int IS NULL OR o."sweepId" = $1)
       ORDER BY r."rerunOf", r.id DESC
     ) newest`,
    [sweepId ?? null],
  );
  return row ?? { verified: 0, bitIdentical: 0, differing: 0 };
}
