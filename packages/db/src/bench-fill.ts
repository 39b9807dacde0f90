// Set-based fills for benchmarks and scale tests: many finished runs and their epoch curves in a few
// statements (INSERT … SELECT FROM unnest / generate_series), which works over the wire on both backends
// (the embedded store takes no COPY FROM STDIN).
import type { Store } from "./store";
import { clientsOf } from "./store-clients";

/** A finished run as a bench or a scale test writes it: the final numbers the comparison views read. */
export interface BenchRun {
  readonly sweepId: number | null;
  readonly recipeHash: string;
  readonly arch: string;
  readonly dataset: string;
  readonly seed: number;
  /** Final top-1 per split; null or non-finite where the run has none. */
  readonly val: number | null;
  readonly v2: number | null;
  readonly params: number | null;
  readonly flops: number | null;
  readonly throughput: number | null;
  readonly peakMemoryMb: number | null;
  readonly peakTensorMb: number | null;
  readonly collapsed: boolean;
  readonly epochsDone: number;
}

/** Rows per INSERT: each statement ships one array parameter per column. */
const CHUNK = 20_000;

/** Creates an empty sweep to hang runs on and returns its id. */
export async function createBenchSweep(store: Store, name: string): Promise<number> {
  const [row] = await clientsOf(store).sql.query<{ id: number }>(
    `INSERT INTO "Sweep" (name, plan, "launchedBy") VALUES ($1, '{}', 'bench') RETURNING id`,
    [name],
  );
  return row!.id;
}

/** Inserts finished runs (with a summary holding their final top-1) in chunks of set-based INSERTs. */
export async function insertFinishedRuns(store: Store, runs: readonly BenchRun[]): Promise<void> {
  for (let start = 0; start < runs.length; start += CHUNK) {
    const chunk = runs.slice(start, start + CHUNK);
    const column = <T>(pick: (r: BenchRun) => T) => chunk.map(pick);
    await clientsOf(store).sql.query(
      `INSERT INTO "Run" ("sweepId", "recipeHash", arch, "archSpec", dataset, seed, status, "epochsDone", "valTop1", "v2Top1",
                          params, flops, throughput, "peakMemoryMb", "peakTensorMb", collapsed, summary, "startedAt", "finishedAt")
       SELECT u.sweep, u.recipe, u.arch, '{}'::jsonb, u.dataset, u.seed, 'finished', u.epochs, u.val, u.v2,
              u.params, u.flops, u.throughput, u.memory, u.tensor, u.collapsed,
              jsonb_build_object('val', jsonb_build_object('top1', u.val), 'v2', jsonb_build_object('top1', u.v2)),
              now(), now()
       FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::float8[], $8::float8[],
                   $9::int[], $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::bool[])
            AS u(sweep, recipe, arch, dataset, seed, epochs, val, v2, params, flops, throughput, memory, tensor, collapsed)`,
      [
        column((r) => r.sweepId),
        column((r) => r.recipeHash),
        column((r) => r.arch),
        column((r) => r.dataset),
        column((r) => r.seed),
        column((r) => r.epochsDone),
        column((r) => r.val),
        column((r) => r.v2),
        column((r) => r.params),
        column((r) => r.flops),
        column((r) => r.throughput),
        column((r) => r.peakMemoryMb),
        column((r) => r.peakTensorMb),
        column((r) => r.collapsed),
      ],
    );
  }
}

/** The per-epoch metric keys {@link fillEpochCurves} writes. */
export const BENCH_CURVE_KEYS = ["train/loss", "lr", "val/top1", "val/loss", "v2/top1", "v2/loss"] as const;

/**
 * Writes `epochs` points of each of {@link BENCH_CURVE_KEYS} for every run of a sweep: top-1 rising to the
 * run's final value with a noise that fades out (a deterministic hash of run and epoch), generated in the
 * database, `runsPerStatement` runs at a time.
 */
export async function fillEpochCurves(
  store: Store,
  sweepId: number,
  epochs: number,
  runsPerStatement = 100,
): Promise<void> {
  const runIds = await sweepRunIds(store, sweepId);
  for (let start = 0; start < runIds.length; start += runsPerStatement) {
    await clientsOf(store).sql.query(
      `INSERT INTO "Metric" ("runId", key, step, value)
       SELECT r.id, k.key, e.epoch,
              CASE k.key
                WHEN 'train/loss' THEN 2.5 * (1 - p.progress) + 0.6
                WHEN 'lr' THEN 1e-3 * 0.5 * (1 + cos(pi() * e.epoch / $2))
                WHEN 'val/top1' THEN p.top1
                WHEN 'val/loss' THEN 3 - 2 * p.progress
                WHEN 'v2/top1' THEN p.top1 - 11
                ELSE 3.3 - 2 * p.progress END
       FROM "Run" r
       CROSS JOIN generate_series(1, $2::int) AS e(epoch)
       CROSS JOIN LATERAL (SELECT abs(sin(r.id * 12.9898 + e.epoch * 78.233)) * 43758.5453 AS h) hash
       CROSS JOIN LATERAL (
         SELECT 1 - exp(-e.epoch / 60.0) AS progress,
                r."valTop1" * (1 - exp(-e.epoch / 60.0))
                  + 0.3 * (2 * (hash.h - floor(hash.h)) - 1) * exp(-e.epoch / 60.0) AS top1
       ) p
       CROSS JOIN unnest($3::text[]) AS k(key)
       WHERE r.id = ANY($1::int[])`,
      [runIds.slice(start, start + runsPerStatement), epochs, [...BENCH_CURVE_KEYS]],
    );
  }
}

/** The ids of a sweep's runs, by seed. */
export async function sweepRunIds(store: Store, sweepId: number): Promise<number[]> {
  const rows = await clientsOf(store).sql.query<{ id: number }>(
    `SELECT id FROM "Run" WHERE "sweepId" = $1 ORDER BY seed, id`,
    [sweepId],
  );
  return rows.map((r) => r.id);
}

/** Refreshes the planner's statistics after a bulk fill. */
export async function analyzeStore(store: Store): Promise<void> {
  await clientsOf(store).sql.exec("ANALYZE");
}

/** How many runs and metric points the store holds. */
export async function storeSize(store: Store): Promise<{ runs: number; metrics: number }> {
  const [row] = await clientsOf(store).sql.query<{ runs: number; metrics: number }>(
    `SELECT (SELECT count(*)::int FROM "Run") AS runs, (SELECT count(*)::int FROM "Metric") AS metrics`,
  );
  return row!;
}

/** Every raw metric point of a sweep: what a browser would have to download to draw the seed study itself. */
export async function readSweepMetricPoints(store: Store, sweepId: number): Promise<number> {
  const rows = await clientsOf(store).sql.query(
    `SELECT m."runId", m.key, m.step, m.value FROM "Metric" m JOIN "Run" r ON r.id = m."runId" WHERE r."sweepId" = $1`,
    [sweepId],
  );
  return rows.length;
}
