import { RUN_STATUSES, UserError, type RunStatus } from "@seedscope/core";
import type { Store } from "../store";
import { clientsOf } from "../store-clients";

export interface SweepListItem {
  readonly id: number;
  readonly name: string | null;
  readonly launchedBy: string;
  /** "seedscope" for a planned sweep; for an outside study, where its runs came from ("mlflow", "import", …). */
  readonly source: string;
  readonly createdAt: Date;
  readonly total: number;
  readonly byStatus: Readonly<Record<RunStatus, number>>;
  /** Finished runs that collapsed (at chance): counted in `byStatus.finished` too. */
  readonly collapsed: number;
}

/** Every sweep with its run counts per status, newest first. */
export async function listSweeps(store: Store): Promise<SweepListItem[]> {
  const rows = await clientsOf(store).sql.query<{
    id: number;
    name: string | null;
    launchedBy: string;
    source: string;
    createdAt: Date;
    status: RunStatus | null;
    n: number;
    collapsed: number;
  }>(
    `SELECT s.id, s.name, s."launchedBy", s.source, s."createdAt", r.status::text AS status, count(r.id)::int AS n,
            count(r.id) FILTER (WHERE r.collapsed)::int AS collapsed
     FROM "Sweep" s LEFT JOIN "Run" r ON r."sweepId" = s.id
     GROUP BY s.id, r.status ORDER BY s.id DESC`,
  );
  const sweeps = new Map<
    number,
    {
      id: number;
      name: string | null;
      launchedBy: string;
      source: string;
      createdAt: Date;
      total: number;
      byStatus: Record<RunStatus, number>;
      collapsed: number;
    }
  >();
  for (const row of rows) {
    let sweep = sweeps.get(row.id);
    if (!sweep) {
      const byStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
      sweeps.set(
        row.id,
        (sweep = {
          id: row.id,
          name: row.name,
          launchedBy: row.launchedBy,
          source: row.source,
          createdAt: new Date(row.createdAt),
          total: 0,
          byStatus,
          collapsed: 0,
        }),
      );
    }
    if (row.status) {
      sweep.byStatus[row.status] += row.n;
      sweep.total += row.n;
      sweep.collapsed += row.collapsed;
    }
  }
  return [...sweeps.values()];
}

export interface SweepHeader extends SweepListItem {
  /** A planned sweep's plan; null for an outside study, which has none (its `source` says where it came from). */
  readonly plan: unknown;
  /** Runs that logged no seed: stored and listed, but outside the seed statistics. */
  readonly withoutSeed: number;
}

export async function getSweepHeader(store: Store, sweepId: number): Promise<SweepHeader> {
  const sweep = await clientsOf(store).prisma.sweep.findUnique({ where: { id: sweepId } });
  if (!sweep) throw new UserError(`no sweep has id ${sweepId}: the Sweeps page lists the stored ones`);
  const counts = await clientsOf(store).sql.query<{
    status: RunStatus;
    n: number;
    collapsed: number;
    withoutSeed: number;
  }>(
    `SELECT status::text AS status, count(*)::int AS n, count(*) FILTER (WHERE collapsed)::int AS collapsed,
            count(*) FILTER (WHERE seed IS NULL)::int AS "withoutSeed"
     FROM "Run" WHERE "sweepId" = $1 GROUP BY status`,
    [sweepId],
  );
  const byStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  for (const c of counts) byStatus[c.status] = c.n;
  return {
    id: sweep.id,
    name: sweep.name,
    launchedBy: sweep.launchedBy,
    source: sweep.source,
    createdAt: sweep.createdAt,
    plan: sweep.source === "seedscope" ? sweep.plan : null,
    total: counts.reduce((a, c) => a + c.n, 0),
    byStatus,
    collapsed: counts.reduce((a, c) => a + c.collapsed, 0),
    withoutSeed: counts.reduce((a, c) => a + c.withoutSeed, 0),
  };
}

/** Runs of the whole store that finished at chance. */
export async function collapsedCount(store: Store): Promise<number> {
  const [row] = await clientsOf(store).sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Run" WHERE collapsed`);
  return row?.n ?? 0;
}
