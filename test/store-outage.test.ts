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
describe.runIf(TEST_BACKEND === "pglite")("a run survives its PostgreSQL server restarting and going away", () => {
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
});
