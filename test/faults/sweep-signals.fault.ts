import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { findRuns, findSweepId, TEST_BACKEND } from "@seedscope/db/testing";
import { runCli, waitFor } from "../helpers/cli";
import { useCliEnvironment, withCliStore } from "../helpers/cli-env";
import {
  alive,
  expectEveryRunFinishedOnce,
  expectMetricsOfUninterruptedRuns,
  figures,
  seeded,
  startGroup,
  sweepIdIn,
  TINY_SWEEP,
} from "../helpers/faults";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const TARGETS = ["parent", "group"] as const;
const TIMES = [1, 2] as const;
/** The whole matrix (3 signals × parent or group × once or twice), this many times, each at a seeded moment. */
const ROUNDS = 2;
const SEEDS = 3;
const EPOCHS = 8;

type Moment = "start-up" | "plan" | "training";

describe(`fault battery: SIGINT/SIGTERM/SIGHUP to the sweep or its group, once or twice, at seeded moments (${TEST_BACKEND})`, () => {
  const cli = useCliEnvironment("faults-signals");

  it("exit 130 within 2 s (or the signal's default action while the program loads), no run left running, and sweep resume finishes all with the metrics of uninterrupted runs", {
    timeout: 1_500_000,
  }, async () => {
    const random = seeded(4017);
    const moments: Moment[] = ["start-up", "plan", "training", "training"];
    const scenarios = Array.from({ length: ROUNDS }, () =>
      SIGNALS.flatMap((signal) =>
        TARGETS.flatMap((to) =>
          TIMES.map((times) => ({ signal, to, times, moment: moments[Math.floor(random() * moments.length)]! })),
        ),
      ),
    ).flat();
    const exitSeconds: number[] = [];
    const sweeps: { id: number; seeds: string }[] = [];
    let firstSeed = 200;
    let name = "";
    let id = Number.NaN;
    const newSweep = () => {
      name = `signals-${firstSeed}`;
      id = Number.NaN;
    };
    newSweep();
    for (let n = 0; n < scenarios.length; n++) {
      const s = scenarios[n]!;
      const seeds = `${firstSeed}-${firstSeed + SEEDS - 1}`;
      const args = Number.isNaN(id)
        ? ["sweep", ...TINY_SWEEP, "--seeds", seeds, "--epochs", String(EPOCHS), "--name", name]
        : ["sweep", "resume", String(id)];
      const sweep = startGroup([...args, "--workers", "2", "--retries", "30"], cli.env);
      try {
        if (s.moment === "start-up") await sleep(random() * 1500);
        else if (s.moment === "plan") {
          await waitFor(() => /runs (planned|to do)/.test(sweep.output()) || sweep.child.exitCode !== null, "the plan");
          await sleep(random() * 1000);
        } else {
          await waitFor(
            () => /worker \d: run \d+ epoch/.test(sweep.output()) || sweep.child.exitCode !== null,
            "a worker training",
          );
          await sleep(random() * 2000);
        }
        if (sweep.child.exitCode !== null) {
          // Nothing left to do in this sweep: the scenario runs again on a new one.
          if (sweep.child.exitCode !== 0)
            console.log(`[${TEST_BACKEND}] unexpected exit before the signal:\n${sweep.output()}`);
          expect(sweep.child.exitCode, sweep.output()).toBe(0);
          console.log(`[${TEST_BACKEND}] sweep ${id} finished before the signal; a new sweep takes over`);
          firstSeed += SEEDS;
          newSweep();
          n--;
          continue;
        }
        const sentAt = performance.now();
        for (let i = 0; i < s.times; i++) {
          // A process ended by the first signal's default action (while it loads) is gone for the second.
          try {
            process.kill(s.to === "group" ? -sweep.pid : sweep.pid, s.signal);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ESRCH" || i === 0) throw error;
          }
          if (i + 1 < s.times) await sleep(150);
        }
        const exit = await sweep.exit;
        const seconds = (exit.at - sentAt) / 1000;
        exitSeconds.push(seconds);
        console.log(
          `[${TEST_BACKEND}] signals ${n + 1}/${scenarios.length}: ${s.signal} ×${s.times} to the ${s.to} at ${s.moment} → ` +
            `${exit.signal ? `ended by ${exit.signal}` : `exit ${exit.code}`} in ${seconds.toFixed(2)} s`,
        );
        // While the program still loads it holds nothing and lets the signal end it (a shell shows 128 + n);
        // from then on it stops its workers, records their runs and exits 130.
        if (exit.signal !== null) expect([s.moment, exit.signal], sweep.output()).toEqual(["start-up", s.signal]);
        else expect(exit.code, sweep.output()).toBe(130);
        // Soft: a slow exit is reported and the remaining scenarios still run.
        expect.soft(seconds, `${s.signal} ×${s.times} to the ${s.to} at ${s.moment}`).toBeLessThanOrEqual(2);
        if (Number.isNaN(id)) id = sweepIdIn(sweep.output());
        if (Number.isNaN(id)) id = (await withCliStore(cli, (st) => findSweepId(st, name))) ?? Number.NaN;
        if (!Number.isNaN(id)) {
          if (!sweeps.some((w) => w.id === id)) sweeps.push({ id, seeds });
          const runs = await withCliStore(cli, (st) => findRuns(st, { sweepId: id }));
          expect(runs.filter((r) => r.status === "running")).toEqual([]);
        }
      } finally {
        if (alive(sweep.pid)) process.kill(-sweep.pid, "SIGKILL");
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
      await withCliStore(cli, async (st) =>
        expectMetricsOfUninterruptedRuns(st, runs, await findRuns(st, { sweepId: sweepIdIn(reference.stderr) })),
      );
    }
    console.log(
      `[${TEST_BACKEND}] FIGURES signals: ${scenarios.length} scenarios (SIGINT/SIGTERM/SIGHUP × parent/group × once/twice, ${ROUNDS} rounds) on ${sweeps.length} sweeps; signal → exit: ${figures(exitSeconds, 2)}`,
    );
  });
});
