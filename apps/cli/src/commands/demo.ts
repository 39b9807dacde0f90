import type { Command } from "commander";
import { z } from "zod";
import { parseInput } from "@seedscope/core";
import type { Store } from "@seedscope/db";
import { DEMO_SWEEP } from "@seedscope/sweep";
import { withStore } from "../with-store";
import { DEFAULT_STALE_SECONDS, launchSweep } from "../sweep/run-sweep";
import { stopSweepOnSignals } from "../sweep/signals";

export const DemoOptionsSchema = z.object({
  seeds: z.coerce
    .number({ error: "--seeds must be a whole number" })
    .int()
    .min(1, "--seeds must be ≥ 1")
    .max(1000, "--seeds is at most 1000 for the demo")
    .default(3),
  workers: z.coerce.number({ error: "--workers must be a whole number" }).int().min(1).max(64).optional(),
});

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      `a seed study on the built-in digits: the ${DEMO_SWEEP.recipe} recipe (${DEMO_SWEEP.overrides.join(" ")}) on ${DEMO_SWEEP.arch}, ${DEMO_SWEEP.trainSize} training images, seeds 0…n−1`,
    )
    .option("--seeds <n>", "how many seeds", "3")
    .option("--workers <k>", "local worker processes (default 2 on PostgreSQL, 1 embedded)")
    .action(async (raw: Record<string, unknown>) => {
      const options = parseInput(DemoOptionsSchema, raw, "options");
      await withStore((store) => runDemo(store, options));
    });
}

/** The demo seed study as a sweep (resumed, not redone, when it already exists). */
export async function runDemo(store: Store, { seeds, workers }: z.infer<typeof DemoOptionsSchema>): Promise<void> {
  const stop = stopSweepOnSignals();
  try {
    await launchSweep(
      store,
      {
        name: `demo (${seeds} seeds)`,
        recipes: [DEMO_SWEEP.recipe],
        archs: [DEMO_SWEEP.arch],
        datasets: [DEMO_SWEEP.dataset],
        seeds: Array.from({ length: seeds }, (_, i) => i),
        overrides: [...DEMO_SWEEP.overrides],
        datasetOptions: { trainSize: DEMO_SWEEP.trainSize },
      },
      {
        workers: workers ?? (store.backend === "postgres" ? 2 : 1),
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
