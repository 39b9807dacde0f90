import { configDefaults, defineConfig } from "vitest/config";

// The PostgreSQL pass (DATABASE_URL set) runs what can differ between the store backends: packages/db's own
// tests (every query, on a real server), the processes that share, lose or fight over a store (sweeps,
// kills, fencing, outages, the CLI's store commands) and the HTTP API. It leaves to the embedded pass:
const ONCE = [
  // unit tests that never open a store;
  ...["core", "stats", "recipes", "data", "models", "engine", "ingest", "train", "sweep"].map(
    (p) => `packages/${p}/src/**`,
  ),
  "apps/*/src/**",
  // and tests whose subject is training or drawing, which reach the store only through db functions that
  // the db tests above check on both backends.
  "test/train.test.ts",
  "test/train-methods.test.ts",
  "test/cli-train.test.ts",
  "test/cli-verify.test.ts",
  "test/dashboard.test.ts",
  "test/dashboard-live.test.ts",
  "test/dashboard-outside-runs.test.ts",
  "test/dashboard-verification.test.ts",
  // peak memory of a training process: bounded on the embedded store, whose host process holds more
  "test/memory.test.ts",
  // the importers: their store writes (importRun) are tested on both backends in packages/db.
  "test/cli-import.test.ts",
];

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: process.env.DATABASE_URL?.trim() ? [...configDefaults.exclude, ...ONCE] : configDefaults.exclude,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on CI: a couple of forks, each test file with its own database.
    pool: "forks",
    maxWorkers: 2,
    globalSetup: ["test/global-setup.ts"],
  },
});
