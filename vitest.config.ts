import { configDefaults, defineConfig } from "vitest/config";

// Unit tests of the packages below never open a store: they give the same answer on every backend, so the
// PostgreSQL pass (DATABASE_URL set) leaves them to the embedded pass and runs only what touches the store.
const STORE_FREE = [
  ...["core", "stats", "recipes", "data", "models", "engine", "ingest", "train", "sweep"].map(
    (p) => `packages/${p}/src/**`,
  ),
  "apps/*/src/**",
];

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: process.env.DATABASE_URL?.trim() ? [...configDefaults.exclude, ...STORE_FREE] : configDefaults.exclude,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores on CI: a couple of forks, each test file with its own database.
    pool: "forks",
    maxWorkers: 2,
    globalSetup: ["test/global-setup.ts"],
  },
});
