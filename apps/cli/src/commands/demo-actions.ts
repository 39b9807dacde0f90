import { z } from "zod";
import { parseInput } from "@seedscope/core";
import type { Store } from "@seedscope/db";
import { DEMO_SWEEP } from "@seedscope/sweep/demo";
import { DEFAULT_STALE_SECONDS } from "../sweep/defaults";
import { launchSweep } from "../sweep/run-sweep";
import { stopSweepOnSignals } from "../sweep/signals";
import { withStore } from "../with-store";

export const DemoOptionsSchema = z.object({
  seeds: z.coerce
    .number({ error: "--seeds must be a whole number" })
    .int()
    .min(1, "--seeds must be ≥ 1")
    .max(1000, "--seeds is at most 1000 for the demo")
    .default(DEMO_SWEEP.seeds),
  workers: z.coerce.number({ error: "--workers must be a whole number" }).int().min(1).max(64).optional(),
});

/** `seedscope demo`. */
export async function demoCommand(raw: Record<string, unknown>): Promise<void> {
  const options = parseInput(DemoOptionsSchema, raw, "options");
  await withStore((store) => runDemo(store, options));
}

/** The demo seed study as a sweep (resumed, not redone, when it already exists). */
export async function runDemo(store: Store, { seeds, workers }: z.infer<typeof DemoOptionsSchema>): Promise<void> {
  const stop = stopSweepOnSignals();
  try {
    await launchSweep(
      store,
      {
        name: `demo (${seeds} seeds)`,
        recipes: [...DEMO_SWEEP.recipes],
        archs: [...DEMO_SWEEP.archs],
        datasets: [DEMO_SWEEP.dataset],
        seeds: Array.from({ length: seeds }, (_, i) => i),
        overrides: [...DEMO_SWEEP.overrides],
        datasetOptions: { trainSize: DEMO_SWEEP.trainSize },
      },
      {
        // Both cores: the embedded store is served to every worker process as PostgreSQL is.
        workers: workers ?? 2,
        retries: 2,
        backend: undefined,
        staleAfterSeconds: DEFAULT_STALE_SECONDS,
        confirmedLarge: false,
      },
      stop.signal,
    );
  } finally {
    stop.dispose();
  }
}
