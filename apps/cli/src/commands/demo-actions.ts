import { z } from "zod";
import { parseInput } from "@seedscope/core";
import type { Store } from "@seedscope/db";
import { DEMO_STUDIES, type DemoStudyName } from "@seedscope/sweep/demo";
import { DEFAULT_STALE_SECONDS } from "../sweep/defaults";
import { launchSweep } from "../sweep/run-sweep";
import { stopSweepOnSignals } from "../sweep/signals";
import { withStore } from "../with-store";

export const DemoOptionsSchema = z.object({
  study: z
    .enum(Object.keys(DEMO_STUDIES) as [DemoStudyName, ...DemoStudyName[]], {
      error: `--study must be one of: ${Object.keys(DEMO_STUDIES).join(", ")}`,
    })
    .default("short"),
  seeds: z.coerce
    .number({ error: "--seeds must be a whole number" })
    .int()
    .min(1, "--seeds must be ≥ 1")
    .max(1000, "--seeds is at most 1000 for the demo")
    .optional(),
  workers: z.coerce.number({ error: "--workers must be a whole number" }).int().min(1).max(64).optional(),
});

/** `seedscope demo`. */
export async function demoCommand(raw: Record<string, unknown>): Promise<void> {
  const options = parseInput(DemoOptionsSchema, raw, "options");
  await withStore((store) => runDemo(store, options));
}

/**
 * The seeds a demo study trains: the short demo's 0…n−1; the converged study's 1…n besides the
 * reference seed 0 (the thesis studies seeds 1–100 and holds seed 0 against them).
 */
export function demoSeeds(study: DemoStudyName, seeds: number | undefined): number[] {
  const n = seeds ?? DEMO_STUDIES[study].seeds;
  return Array.from({ length: study === "converged" ? n + 1 : n }, (_, i) => i);
}

/** The demo seed study as a sweep (resumed, not redone, when it already exists). */
export async function runDemo(
  store: Store,
  { study, seeds, workers }: z.infer<typeof DemoOptionsSchema>,
): Promise<void> {
  const definition = DEMO_STUDIES[study];
  const seedList = demoSeeds(study, seeds);
  const stop = stopSweepOnSignals();
  try {
    await launchSweep(
      store,
      {
        name:
          study === "short"
            ? `demo (${seedList.length} seeds)`
            : `demo converged (${seedList.length - 1} seeds + seed 0)`,
        recipes: [...definition.recipes],
        archs: [...definition.archs],
        datasets: [definition.dataset],
        seeds: seedList,
        overrides: [...definition.overrides],
        datasetOptions: {
          trainSize: definition.trainSize,
          ...("evalSize" in definition ? { evalSize: definition.evalSize } : {}),
        },
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
