import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "@seedscope/db";
import { findRuns, metricPoints, TEST_BACKEND } from "@seedscope/db/testing";
import { tinyRun } from "./helpers/tiny-run";
import { runCli, startCli, waitFor } from "./helpers/cli";
import { type OwnPostgres, startOwnPostgres } from "./helpers/own-postgres";

// A tiny run of 8 short epochs: what matters is that it survives the server going away, not accuracy.
const RUN = tinyRun(8, 3);

const comparable = (store: Store, runId: number) => metricPoints(store, runId, { skipPrefixes: ["time/", "perf/"] });

// It brings its own PostgreSQL server (so it may stop it), whatever the suite's store: it runs once, in the
// embedded pass.
describe.runIf(TEST_BACKEND === "pglite")(
  "runs and sweeps survive their PostgreSQL server restarting and going away",
  () => {
    let server: OwnPostgres;
    let store: Store;
    beforeAll(async () => {
      server = await startOwnPostgres();
      store = await openStore({ config: { backend: "postgres", url: server.url } });
    });
    afterAll(async () => {
      await store?.close();
      server?.dispose();
    });

    const epochsDone = async () => (await findRuns(store)).at(-1)?.epochsDone ?? 0;

    it("commits every epoch once through a restart and a 5 s outage, with the metrics of an uninterrupted run", {
      timeout: 300_000,
    }, async () => {
      const env = { DATABASE_URL: server.url, SEEDSCOPE_HOME: undefined };
      const faulted = startCli(RUN, env);
      await waitFor(async () => (await epochsDone()) >= 1, "the first epoch", 120_000);
      server.restart();
      const restartedAt = await epochsDone();
      await waitFor(async () => (await epochsDone()) >= restartedAt + 2, "two epochs after the restart", 120_000);
      server.stop();
      const outageStart = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      server.start();
      const outageSeconds = (Date.now() - outageStart) / 1000;
      const code = await faulted.exit;
      expect(code, faulted.output()).toBe(0);
      console.log(`store outage: a fast restart and a ${outageSeconds.toFixed(1)} s outage survived by seedscope run`);

      const reference = await runCli(RUN, env);
      expect(reference.code, reference.stderr).toBe(0);
      const [first, second] = await findRuns(store);
      expect(first!.status).toBe("finished");
      expect(first!.epochsDone).toBe(8);
      expect(first!.events.map((e) => e.status)).toEqual(["running", "finished"]);
      const faultedPoints = await comparable(store, first!.id);
      expect(faultedPoints.filter((p) => p.key === "val/top1").map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(faultedPoints).toEqual(await comparable(store, second!.id));
    });

    it("a 2-worker sweep finishes every run exactly once through a restart and a 30 s outage", {
      timeout: 400_000,
    }, async () => {
      const env = { DATABASE_URL: server.url, SEEDSCOPE_HOME: undefined };
      const sweepArgs = [...tinyRun(4, 0).slice(1, -2), "--seeds", "0-3", "--workers", "2", "--name", "outage"];
      const sweep = startCli(["sweep", ...sweepArgs], env);
      const sweepEpochs = async () =>
        (await findRuns(store, { sweepName: "outage" })).reduce((sum, run) => sum + run.epochsDone, 0);
      await waitFor(async () => (await sweepEpochs()) >= 1, "the sweep's first epoch", 180_000);
      server.restart();
      const afterRestart = await sweepEpochs();
      await waitFor(async () => (await sweepEpochs()) >= afterRestart + 2, "two epochs after the restart", 180_000);
      server.stop();
      const outageStart = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 30_000));
      server.start();
      const outageSeconds = (Date.now() - outageStart) / 1000;
      expect(await sweep.exit, sweep.output()).toBe(0);
      console.log(
        `store outage: a fast restart and a ${outageSeconds.toFixed(1)} s outage survived by a 2-worker sweep`,
      );
      const runs = await findRuns(store, { sweepName: "outage" });
      expect(runs.map((r) => r.seed).sort()).toEqual([0, 1, 2, 3]);
      for (const run of runs) {
        expect(run.status).toBe("finished");
        expect(run.events.filter((e) => e.status === "finished")).toHaveLength(1);
        const val = await metricPoints(store, run.id, { keys: ["val/top1"] });
        expect(val.map((p) => p.step)).toEqual([1, 2, 3, 4]);
      }
    });
  },
);
