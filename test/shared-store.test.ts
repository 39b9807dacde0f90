import { describe, expect, it } from "vitest";
import { findRuns, metricPoints, TEST_BACKEND } from "@seedscope/db/testing";
import { apiQuery } from "./dashboard-api";
import { runCli, type StartedCli, startCli, waitFor } from "./helpers/cli";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { TINY_DEIT3 } from "./helpers/tiny-run";

// Tiny runs: what matters here is who can use the store at the same time, not accuracy.
const SWEEP = ["sweep", ...TINY_DEIT3, "--seeds", "0-5", "--epochs", "3", "--workers", "2", "--name", "shared"];

interface SweepListItem {
  id: number;
  total: number;
  byStatus: Record<string, number>;
}

interface Study {
  cloud: { points: { runId: number }[] };
}

async function startDashboard(env: Record<string, string | undefined>): Promise<{ cli: StartedCli; url: string }> {
  const cli = startCli(["dashboard", "--port", "0"], env);
  await waitFor(
    () => /dashboard: (http:\/\/\S+)/.test(cli.output()) || cli.child.exitCode !== null,
    "the dashboard to listen",
    180_000,
  );
  const url = /dashboard: (http:\/\/\S+)/.exec(cli.output())?.[1];
  if (!url) throw new Error(`the dashboard did not start:\n${cli.output()}`);
  return { cli, url };
}

// PostgreSQL serves many processes by itself; this is about the embedded store, served by its first opener.
describe.runIf(TEST_BACKEND === "pglite")(
  "one embedded store for the dashboard, a sweep and CLI readers at once",
  () => {
    const cli = useCliEnvironment("shared");

    it("runs list, a 2-worker sweep and db status work while the dashboard serves the store; killing it loses no epoch", {
      timeout: 600_000,
    }, async () => {
      const dashboard = await startDashboard(cli.env);
      try {
        const [list, sweepStarted, status] = await Promise.all([
          runCli(["runs", "list"], cli.env),
          Promise.resolve(startCli(SWEEP, cli.env)),
          runCli(["db", "status"], cli.env),
        ]);
        const sweep = sweepStarted;
        expect(list.code, list.stderr).toBe(0);
        expect(status.code, status.stderr).toBe(0);
        expect(status.stdout).toMatch(new RegExp(`served by process ${dashboard.cli.child.pid}\\b`));

        // The dashboard sees the sweep's runs while the sweep is still running.
        await waitFor(() => /sweep (\d+)/.test(sweep.output()), "the sweep to be planned", 120_000);
        const sweepId = Number(/sweep (\d+)/.exec(sweep.output())![1]);
        let seenWhileRunning = 0;
        await waitFor(
          async () => {
            const sweeps = await apiQuery<SweepListItem[]>(dashboard.url, "sweeps.list");
            const mine = sweeps.find((s) => s.id === sweepId);
            if (!mine || (mine.byStatus.finished ?? 0) === 0) return false;
            const study = await apiQuery<Study>(dashboard.url, "sweeps.study", { sweepId });
            seenWhileRunning = study.cloud.points.length;
            return (mine.byStatus.finished ?? 0) < mine.total && seenWhileRunning > 0;
          },
          "the dashboard to show a finished run of the running sweep",
          300_000,
        );
        expect(seenWhileRunning).toBeGreaterThan(0);
        expect(sweep.child.exitCode).toBeNull();

        // Kill the process that serves the store in the middle of the sweep.
        dashboard.cli.child.kill("SIGKILL");
        await dashboard.cli.exit;
        const code = await sweep.exit;
        let output = sweep.output();
        if (code !== 0) {
          const resumed = await runCli(["sweep", "resume", String(sweepId)], cli.env);
          output += resumed.stdout + resumed.stderr;
          expect(resumed.code, output).toBe(0);
        }
        const runs = (await withCliStore(cli, (store) => findRuns(store, { sweepId }))).sort(
          (a, b) => a.seed! - b.seed!,
        );
        expect(runs.map((r) => r.seed)).toEqual([0, 1, 2, 3, 4, 5]);
        for (const run of runs) {
          expect(run.status, output).toBe("finished");
          expect(run.epochsDone).toBe(3);
          expect(run.events.filter((e) => e.status === "finished")).toHaveLength(1);
        }
        for (const run of runs) {
          const val = await withCliStore(cli, (store) => metricPoints(store, run.id, { keys: ["val/top1"] }));
          expect(val.map((p) => p.step)).toEqual([1, 2, 3]);
        }
      } finally {
        dashboard.cli.child.kill("SIGKILL");
      }
    });
  },
);
