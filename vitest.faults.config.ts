import { defineConfig } from "vitest/config";

// `npm run faults`: the full fault battery, outside `npm test` (it takes about half an hour on 2 cores). At least
// 10 seeded fault moments per kind: kill -9 of a sweep worker, of the sweep parent (each followed by
// `sweep resume`) and of a standalone `run` (test/run-kill.test.ts, with fewer kills also in CI), SIGSTOP/SIGCONT take-overs,
// and the SIGINT/SIGTERM/SIGHUP matrix. With DATABASE_URL set it runs on that PostgreSQL server.
export default defineConfig({
  test: {
    include: ["test/faults/**/*.fault.ts", "test/run-kill.test.ts"],
    // run-kill makes its full ≥ 10 kills here (3 + 1 in `npm test`).
    env: { SEEDSCOPE_FAULT_BATTERY: "full" },
    testTimeout: 1_500_000,
    hookTimeout: 60_000,
    // One file at a time: the measured times (kill → resumed, signal → exit) are the battery's figures.
    pool: "forks",
    fileParallelism: false,
  },
});
