import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { findRuns, TEST_BACKEND } from "@seedscope/db/testing";
import { runCli, waitFor } from "../helpers/cli";
import { useCliEnvironment, withCliStore } from "../helpers/cli-env";
import {
  alive,
  childPids,
  expectEveryRunFinishedOnce,
  expectMetricsOfUninterruptedRuns,
  figures,
  seeded,
  startGroup,
  sweepIdIn,
  TINY_SWEEP,
} from "../helpers/faults";

const KILLS = 10;
// 4 runs of 12 short epochs: more than 10 short-lived sweep processes get through.
const SEEDS = 4;
const EPOCHS = 12;

describe(`fault battery: kill -9 of the sweep parent at ${KILLS} seeded moments, each followed by sweep resume (${TEST_BACKEND})`, () => {
  const cli = useCliEnvironment("faults-parent");

  it("its workers stop, leaving their runs interrupted, and sweep resume finishes every run exactly once with the metrics of an uninterrupted run", {
    timeout: 1_500_000,
  }, async () => {
    const random = seeded(2017);
    const exitSeconds: number[] = [];
    const sweeps: { id: number; seeds: string }[] = [];
    let id = Number.NaN;
    let kills = 0;
    let firstSeed = 100;
    while (kills < KILLS) {
      const seeds = `${firstSeed}-${firstSeed + SEEDS - 1}`;
      const args = Number.isNaN(id)
        ? [...["sweep", ...TINY_SWEEP, "--seeds", seeds, "--epochs", String(EPOCHS)], "--name", `parent-kills-${seeds}`]
        : ["sweep", "resume", String(id)];
      const sweep = startGroup([...args, "--workers", "2", "--retries", "30"], cli.env);
      let workers: number[] = [];
      try {
        // A seeded moment: while the workers start, or while they train.
        const whileStarting = random() < 0.3;
        if (whileStarting) {
          await waitFor(() => /runs (planned|to do)/.test(sweep.output()) || sweep.child.exitCode !== null, "the plan");
          await sleep(random() * 2000);
        } else {
          await waitFor(
            () => /worker \d: run \d+ epoch/.test(sweep.output()) || sweep.child.exitCode !== null,
            "a worker training",
          );
          await sleep(random() * 4000);
        }
        if (Number.isNaN(id)) {
          id = sweepIdIn(sweep.output());
          sweeps.push({ id, seeds });
        }
        if (sweep.child.exitCode !== null) {
          // The sweep finished before this moment: a new one takes over (the kill is not counted).
          expect(sweep.child.exitCode, sweep.output()).toBe(0);
          console.log(`[${TEST_BACKEND}] sweep ${id} finished before the kill; next kills on a new sweep`);
          id = Number.NaN;
          firstSeed += SEEDS;
          continue;
        }
        workers = childPids(sweep.pid);
        const killedAt = performance.now();
        process.kill(sweep.pid, "SIGKILL");
        kills++;
        await waitFor(() => workers.every((pid) => !alive(pid)), "the workers to exit", 60_000);
        const seconds = (performance.now() - killedAt) / 1000;
        exitSeconds.push(seconds);
        const runs = await withCliStore(cli, (st) => findRuns(st, { sweepId: id }));
        console.log(
          `[${TEST_BACKEND}] parent kill ${kills}/${KILLS} ${whileStarting ? "while its workers start" : "while they train"}: ` +
            `${workers.length} workers exited in ${seconds.toFixed(1)} s; ` +
            `runs ${runs.map((r) => `${r.id}:${r.status}@${r.epochsDone}`).join(" ")}`,
        );
        expect(runs.filter((r) => r.status === "running")).toEqual([]);
      } finally {
        if (alive(sweep.pid)) process.kill(-sweep.pid, "SIGKILL");
        for (const pid of workers.filter(alive)) process.kill(pid, "SIGKILL");
      }
    }

    for (const sweep of sweeps) {
      const resumed = await runCli(["sweep", "resume", String(sweep.id), "--workers", "2", "--retries", "30"], cli.env);
      expect(resumed.code, resumed.stderr).toBe(0);
      const runs = await withCliStore(cli, (st) => expectEveryRunFinishedOnce(st, sweep.id, SEEDS, EPOCHS));
      const reference = await runCli(
        [
          "sweep",
          ...TINY_SWEEP,
          "--seeds",
          sweep.seeds,
          "--epochs",
          String(EPOCHS),
          "--workers",
          "2",
          "--name",
          `ref-${sweep.seeds}`,
        ],
        cli.env,
      );
      expect(reference.code, reference.stderr).toBe(0);
      await withCliStore(cli, async (st) => {
        const refId = sweepIdIn(reference.stderr);
        expect(refId).not.toBe(sweep.id);
        await expectMetricsOfUninterruptedRuns(st, runs, await findRuns(st, { sweepId: refId }));
      });
    }
    console.log(
      `[${TEST_BACKEND}] FIGURES parent kills: ${kills} kill -9 of the sweep parent, each followed by sweep resume; parent kill → workers exited: ${figures(exitSeconds)}`,
    );
  });
});
