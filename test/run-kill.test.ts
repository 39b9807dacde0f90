import { describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { findRuns, metricPoints, TEST_BACKEND } from "@seedscope/db/testing";
import { tinyRun } from "./helpers/tiny-run";
import { runCli, startCli, waitFor } from "./helpers/cli";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";

/**
 * `npm run faults` (SEEDSCOPE_FAULT_BATTERY=full) makes 8 kills, 2 more inside an epoch commit: ≥ 10 moments.
 * `npm test` makes 3, one more inside a commit — the same checks at CI's time budget.
 */
const FULL = process.env.SEEDSCOPE_FAULT_BATTERY === "full";
const KILLS = FULL ? 8 : 3;
const IN_COMMIT_AT: readonly number[] = FULL ? [3, 7] : [2];
// A tiny run of short epochs (one more kill per epoch at most); the kills, not the accuracy, are the point. Each kill
// waits up to 1 s after an epoch, in which a fast machine trains 2 or 3 more of these epochs: 12 epochs leave room
// for the 3 + 1 kills of npm test (at 8 the last kill once came after the run had finished).
const EPOCHS = FULL ? 16 : 12;
const RUN = tinyRun(EPOCHS, 5);

describe(`kill -9 of seedscope run at seeded random moments (${TEST_BACKEND})`, () => {
  const cli = useCliEnvironment("run-kill");
  const theRun = async (id: number) => (await withCliStore(cli, (store) => findRuns(store, { id })))[0]!;

  it(`resumes after every kill (${KILLS}, ${IN_COMMIT_AT.length} more inside an epoch commit) and ends equal to an uninterrupted run`, {
    timeout: 600_000,
  }, async () => {
    const random = SeededRandom.fromSeed(17, "kill moments");
    let process = startCli(RUN, cli.env);
    await waitFor(async () => (await withCliStore(cli, findRuns)).length === 1, "the run to be stored", 120_000);
    const runId = (await withCliStore(cli, findRuns))[0]!.id;
    let kills = 0;
    let inCommit = 0;
    let lastEpochs = 0;
    const resumeSeconds: number[] = [];
    while (kills < KILLS) {
      // Each kill comes after one more committed epoch, at a random moment of what follows (training,
      // evaluation, or the start-up of the next process); twice, instead, inside an epoch's commit.
      const running = process;
      await waitFor(
        async () => running.child.exitCode !== null || (await theRun(runId)).epochsDone > lastEpochs,
        "one more epoch",
        120_000,
      );
      await new Promise((resolve) => setTimeout(resolve, random.uniform() * 1_000));
      if (running.child.exitCode !== null) break;
      running.child.kill("SIGKILL");
      await running.exit;
      kills++;
      const before = await theRun(runId);
      lastEpochs = before.epochsDone;
      const started = Date.now();
      if (IN_COMMIT_AT.includes(kills) && before.epochsDone < EPOCHS - 1) {
        const killed = startCli(["run", "--resume", String(runId)], {
          ...cli.env,
          SEEDSCOPE_FAULT_KILL_IN_COMMIT: String(before.epochsDone + 1),
        });
        expect(await killed.exit).not.toBe(0);
        inCommit++;
        // Killed between writing the epoch's metrics and committing: none of that epoch is stored.
        expect((await theRun(runId)).epochsDone).toBe(before.epochsDone);
        const points = await withCliStore(cli, (store) => metricPoints(store, runId, { keys: ["val/top1"] }));
        expect(points.map((p) => p.step)).toEqual(Array.from({ length: before.epochsDone }, (_, i) => i + 1));
      }
      const leaseBefore = (await theRun(runId)).lease;
      process = startCli(["run", "--resume", String(runId)], cli.env);
      const resumed = process;
      // Taken over: the resumed process holds a new lease.
      await waitFor(
        async () => resumed.child.exitCode !== null || (await theRun(runId)).lease > leaseBefore,
        "the resume",
        60_000,
      );
      resumeSeconds.push((Date.now() - started) / 1000);
    }
    const code = await process.exit;
    expect(code, process.output()).toBe(0);
    expect(kills).toBe(KILLS);
    expect(inCommit).toBe(IN_COMMIT_AT.length);
    console.log(
      `run kills: ${kills} SIGKILLs (${inCommit} inside an epoch commit), each followed at once by run --resume, ` +
        `which took the run over within ${Math.max(...resumeSeconds).toFixed(1)} s`,
    );

    const reference = await runCli(RUN, cli.env);
    expect(reference.code, reference.stderr).toBe(0);
    const [killed, clean] = await withCliStore(cli, findRuns);
    expect(killed!.status).toBe("finished");
    expect(killed!.events.filter((e) => e.status === "finished")).toHaveLength(1);
    const comparable = (id: number) =>
      withCliStore(cli, (store) => metricPoints(store, id, { skipPrefixes: ["time/", "perf/"] }));
    const killedPoints = await comparable(killed!.id);
    expect(killedPoints.filter((p) => p.key === "val/top1").map((p) => p.step)).toEqual(
      Array.from({ length: EPOCHS }, (_, i) => i + 1),
    );
    expect(killedPoints).toEqual(await comparable(clean!.id));
  });
});
