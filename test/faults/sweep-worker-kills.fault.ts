import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { openStore } from "@seedscope/db";
import { findRuns, type RunWithEvents, TEST_BACKEND } from "@seedscope/db/testing";
import { runCli, waitFor } from "../helpers/cli";
import { useCliEnvironment, withCliStore } from "../helpers/cli-env";
import {
  alive,
  childPids,
  expectEveryRunFinishedOnce,
  expectMetricsOfUninterruptedRuns,
  figures,
  pidOf,
  seeded,
  startGroup,
  sweepIdIn,
  TINY_SWEEP,
} from "../helpers/faults";

const KILLS = 10;
/** These kills land inside an epoch's commit (the worker kills itself there, see `SEEDSCOPE_FAULT_KILL_IN_COMMIT`). */
const IN_COMMIT = new Set([3, 7]);
/** The pool restarts a slot at most 3 times a minute: kills this far apart never exhaust it. */
const SPACING_MS = 20_000;
// Enough work for the kills: 24 runs of 14 short epochs (about 4 min for 2 workers).
const SEEDS = 24;
const EPOCHS = 14;

describe(`fault battery: kill -9 of a random sweep worker at ${KILLS} seeded moments (${TEST_BACKEND})`, () => {
  const cli = useCliEnvironment("faults-worker");

  it("each killed worker is replaced, its run resumed within 20 s, and every run ends finished once with the metrics of an uninterrupted run", {
    timeout: 1_500_000,
  }, async () => {
    const random = seeded(1017);
    const token = join(cli.home, "kill-in-commit");
    const sweep = startGroup(
      [
        "sweep",
        ...TINY_SWEEP,
        "--seeds",
        `0-${SEEDS - 1}`,
        "--epochs",
        String(EPOCHS),
        "--workers",
        "2",
        "--retries",
        "10",
        "--name",
        "worker-kills",
      ],
      { ...cli.env, SEEDSCOPE_FAULT_KILL_IN_COMMIT: `once:${token}` },
    );
    const killedRuns = new Set<number>();
    const resumeSeconds: number[] = [];
    let id = Number.NaN;
    try {
      await waitFor(() => /runs planned/.test(sweep.output()), "the sweep's plan", 180_000);
      id = sweepIdIn(sweep.output());
      const store = await openStore({ config: cli.config });
      try {
        const runsHeld = async () => {
          const workers = new Set(childPids(sweep.pid));
          return (await findRuns(store, { sweepId: id })).filter(
            (r) => r.status === "running" && workers.has(pidOf(r.worker)),
          );
        };
        let lastKill = -Infinity;
        for (let kill = 1; kill <= KILLS; kill++) {
          await sleep(Math.max(0, lastKill + SPACING_MS - performance.now()));
          let victim: RunWithEvents;
          let killedAt: number;
          let how: string;
          if (IN_COMMIT.has(kill)) {
            // Armed at a seeded moment: the next worker to commit an epoch removes the file and dies inside
            // the commit (its epoch is rolled back). Its run is the one it held when the file went.
            await waitFor(async () => (await runsHeld()).length > 0, "a worker holding a run", 180_000);
            await sleep(random() * 2500);
            // Snapshots of the running runs: the one before the last check that still saw the file was
            // taken before the kill, while the dead worker still held its run.
            const running = async () => (await findRuns(store, { sweepId: id })).filter((r) => r.status === "running");
            let before = await running();
            let latest = before;
            writeFileSync(token, "");
            while (existsSync(token)) {
              before = latest;
              latest = await running();
              await sleep(50);
            }
            killedAt = performance.now();
            const held = [...before, ...latest];
            await waitFor(() => held.some((r) => !alive(pidOf(r.worker))), "the worker killed in its commit", 10_000);
            victim = held.find((r) => !alive(pidOf(r.worker)))!;
            how = "inside an epoch commit";
          } else {
            // A seeded moment inside some run's epochs, in a run with more than its last epoch to go (a kill
            // after a run's final commit would test nothing).
            const candidates = async () => (await runsHeld()).filter((r) => r.epochsDone < EPOCHS - 1);
            await waitFor(async () => (await candidates()).length > 0, "a worker holding a run", 180_000);
            await sleep(200 + random() * 2500);
            const now = await candidates();
            if (now.length === 0) {
              kill--;
              continue;
            }
            victim = now[Math.floor(random() * now.length)]!;
            killedAt = performance.now();
            process.kill(pidOf(victim.worker), "SIGKILL");
            how = `mid-epoch (${victim.epochsDone} epochs committed)`;
          }
          lastKill = killedAt;
          killedRuns.add(victim.id);
          await waitFor(
            async () => {
              const [run] = await findRuns(store, { id: victim.id });
              return run!.status === "finished" || (run!.status === "running" && run!.worker !== victim.worker);
            },
            `run ${victim.id} resumed after its worker was killed`,
            60_000,
          );
          const seconds = (performance.now() - killedAt) / 1000;
          resumeSeconds.push(seconds);
          console.log(
            `[${TEST_BACKEND}] worker kill ${kill}/${KILLS}: ${victim.worker} ${how}, run ${victim.id} → resumed in ${seconds.toFixed(1)} s`,
          );
          // Soft: a slow resume is reported and the remaining kills still run.
          expect.soft(seconds, `kill ${kill}`).toBeLessThanOrEqual(20);
        }
      } finally {
        await store.close();
      }
      const exit = await sweep.exit;
      console.log(`[${TEST_BACKEND}] worker kills: the sweep exited ${exit.code}`);
      expect(exit.code, sweep.output()).toBe(0);
      expect(sweep.output()).not.toMatch(/left down/);
    } finally {
      if (alive(sweep.pid)) process.kill(-sweep.pid, "SIGKILL");
    }

    const runs = await withCliStore(cli, (s) => expectEveryRunFinishedOnce(s, id, SEEDS, EPOCHS));
    const killed = runs.filter((r) => killedRuns.has(r.id));
    expect(killed.every((r) => r.events.some((e) => e.status === "interrupted"))).toBe(true);
    console.log(
      `[${TEST_BACKEND}] worker kills: every run finished once; comparing ${killed.length} killed runs with uninterrupted ones`,
    );
    const seeds = [...new Set(killed.map((r) => r.seed))];
    const reference = await runCli(
      [
        "sweep",
        ...TINY_SWEEP,
        "--seeds",
        seeds.join(","),
        "--epochs",
        String(EPOCHS),
        "--workers",
        "2",
        "--name",
        "ref",
      ],
      cli.env,
    );
    expect(reference.code, reference.stderr).toBe(0);
    await withCliStore(cli, async (s) =>
      expectMetricsOfUninterruptedRuns(s, killed, await findRuns(s, { sweepName: "ref" })),
    );
    console.log(
      `[${TEST_BACKEND}] FIGURES worker kills: ${KILLS} kill -9 (${IN_COMMIT.size} inside an epoch commit) of ${killedRuns.size} runs; kill → run resumed: ${figures(resumeSeconds)}`,
    );
  });
});
