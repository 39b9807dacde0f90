import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { openStore } from "@seedscope/db";
import { findRuns, TEST_BACKEND } from "@seedscope/db/testing";
import { runCli, type StartedCli, startCli, waitFor } from "../helpers/cli";
import { useCliEnvironment, withCliStore } from "../helpers/cli-env";
import { expectMetricsOfUninterruptedRuns, figures, seeded } from "../helpers/faults";
import { tinyRun } from "../helpers/tiny-run";

const PAUSES = 10;
const EPOCHS = 40;
const RUN = tinyRun(EPOCHS, 7);

describe(`fault battery: SIGSTOP past the stale limit, take-over, SIGCONT at ${PAUSES} seeded moments (${TEST_BACKEND})`, () => {
  const cli = useCliEnvironment("faults-fencing");
  const theRun = async (id?: number) =>
    (await withCliStore(cli, (s) => findRuns(s, id === undefined ? {} : { id })))[0];

  it("each paused process wakes up after its run was taken over, writes nothing and stops with one line; the run ends finished once with the metrics of an uninterrupted run", {
    timeout: 1_500_000,
  }, async () => {
    // As in test/run-fencing.test.ts: this test process serves the embedded store, so a paused process is a plain client.
    const holder = await openStore({ config: cli.config });
    const random = seeded(3017);
    const takeOverSeconds: number[] = [];
    const wokeSeconds: number[] = [];
    let current: StartedCli = startCli(RUN, cli.env);
    let runId = 0;
    try {
      await waitFor(async () => ((await theRun())?.epochsDone ?? 0) >= 1, "the first epoch", 180_000);
      runId = (await theRun())!.id;
      let since = 0;
      for (let pause = 1; pause <= PAUSES; pause++) {
        // A seeded moment after the process holding the run has committed an epoch of its own.
        const holding = current;
        await waitFor(
          async () => holding.child.exitCode !== null || (await theRun(runId))!.epochsDone > since,
          "an epoch by the process holding the run",
          120_000,
        );
        await sleep(random() * 1500);
        expect(holding.child.exitCode, `the run ended before pause ${pause}: ${holding.output()}`).toBeNull();
        holding.child.kill("SIGSTOP");
        const paused = (await theRun(runId))!;
        // The heartbeat (every 3 s) stops with the process; after 5 s it is stale.
        await sleep(7_000);
        const startedAt = performance.now();
        const next = startCli(["run", "--resume", String(runId), "--stale-after", "5"], cli.env);
        await waitFor(
          async () => next.child.exitCode !== null || (await theRun(runId))!.lease > paused.lease,
          "the take-over",
          60_000,
        );
        const takenOver = (await theRun(runId))!;
        takeOverSeconds.push((performance.now() - startedAt) / 1000);
        const wokeAt = performance.now();
        holding.child.kill("SIGCONT");
        const code = await holding.exit;
        wokeSeconds.push((performance.now() - wokeAt) / 1000);
        console.log(
          `[${TEST_BACKEND}] pause ${pause}/${PAUSES}: paused at epoch ${paused.epochsDone}, taken over at epoch ${takenOver.epochsDone} ` +
            `${takeOverSeconds.at(-1)!.toFixed(1)} s after run --resume started; woken process exited ${code} in ${wokeSeconds.at(-1)!.toFixed(1)} s`,
        );
        expect(code, holding.output()).not.toBe(0);
        expect(holding.output()).toMatch(/run \d+ (was taken over by another process|is no longer marked running)/);
        expect(holding.output()).toMatch(/without writ/);
        expect(takenOver.epochsDone).toBe(paused.epochsDone);
        since = takenOver.epochsDone;
        current = next;
      }
      expect(await current.exit, current.output()).toBe(0);
    } finally {
      for (const p of [current]) if (p.child.exitCode === null) p.child.kill("SIGKILL");
      await holder.close();
    }

    const run = (await theRun(runId))!;
    expect(run.status).toBe("finished");
    expect(run.epochsDone).toBe(EPOCHS);
    expect(run.events.filter((e) => e.status === "finished")).toHaveLength(1);
    const reference = await runCli(RUN, cli.env);
    expect(reference.code, reference.stderr).toBe(0);
    await withCliStore(cli, async (s) => {
      const [, clean] = await findRuns(s);
      await expectMetricsOfUninterruptedRuns(s, [run], [clean!]);
    });
    console.log(
      `[${TEST_BACKEND}] FIGURES fencing: ${PAUSES} SIGSTOP/SIGCONT; run --resume --stale-after 5 took the run over: ${figures(takeOverSeconds)}; ` +
        `SIGCONT → the woken process stopped without writing: ${figures(wokeSeconds)}`,
    );
  });
});
