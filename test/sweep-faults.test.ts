import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { openStore } from "@seedscope/db";
import { findRuns, metricPoints, TEST_BACKEND } from "@seedscope/db/testing";
import { runCli, waitFor } from "./helpers/cli";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import {
  alive,
  childPids,
  expectEveryRunFinishedOnce,
  pidOf,
  seeded,
  startGroup,
  sweepIdIn,
  TINY_SWEEP as TINY,
} from "./helpers/faults";

/**
 * The sweep's promise is an exit within 2 s of a signal, and `npm run faults` (test/faults/sweep-signals.fault.ts,
 * one file at a time) holds it to that. Here another test file shares the 2 cores, and the parent's exit deadline
 * is a timer on the event loop that also serves the embedded store: starved of CPU it fired 0.4 s late once
 * (2.41 s). This file checks the behaviour (exit 130, nothing left running, resume finishes) with room for that.
 */
const EXIT_BOUND_S = 4;

describe(`sweeps under faults (${TEST_BACKEND})`, { timeout: 600_000 }, () => {
  const cli = useCliEnvironment("sweep-faults");

  // The three names below are the README's claims, word for word.
  it("kill -9 of a random worker: it is replaced, its run is resumed within 20 s and finished exactly once, with the metrics of an uninterrupted run", async () => {
    const random = seeded(17);
    const epochs = 3;
    const sweep = startGroup(
      ["sweep", ...TINY, "--seeds", "0-3", "--epochs", String(epochs), "--workers", "2", "--retries", "5"],
      cli.env,
    );
    const killedRuns = new Set<number>();
    try {
      await waitFor(() => /runs planned/.test(sweep.output()), "the sweep's plan");
      const id = sweepIdIn(sweep.output());
      const store = await openStore({ config: cli.config });
      try {
        for (let kill = 0; kill < 3; kill++) {
          // A seeded moment inside some run's epochs: a run held by one of this sweep's live workers.
          const held = async () => {
            const workers = new Set(childPids(sweep.pid));
            // Not a run in its last epoch: it could finish before the kill lands, which would test nothing.
            return (await findRuns(store, { sweepId: id })).filter(
              (r) => r.status === "running" && r.epochsDone < epochs - 1 && workers.has(pidOf(r.worker)),
            );
          };
          await waitFor(async () => (await held()).length > 0, "a worker holding a run", 180_000);
          await sleep(200 + random() * 2500);
          const candidates = await held();
          if (candidates.length === 0) {
            kill--;
            continue;
          }
          const victim = candidates[Math.floor(random() * candidates.length)]!;
          const killedAt = performance.now();
          process.kill(pidOf(victim.worker), "SIGKILL");
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
          console.log(
            `[${TEST_BACKEND}] kill -9 of worker ${victim.worker} (run ${victim.id}, ${victim.epochsDone} epochs done) → resumed in ${seconds.toFixed(1)} s`,
          );
          expect(seconds).toBeLessThanOrEqual(20);
        }
      } finally {
        await store.close();
      }
      expect((await sweep.exit).code).toBe(0);
      expect(sweep.output()).toMatch(/restarted as/);
      const runs = await withCliStore(cli, (s) => expectEveryRunFinishedOnce(s, id, 4, epochs));
      // The trainer is deterministic: each resumed run ends with the metrics of an uninterrupted run of its seed.
      const seeds = runs.filter((r) => killedRuns.has(r.id)).map((r) => r.seed);
      const reference = await runCli(
        ["sweep", ...TINY, "--seeds", seeds.join(","), "--epochs", String(epochs), "--workers", "2", "--name", "ref"],
        cli.env,
      );
      expect(reference.code).toBe(0);
      await withCliStore(cli, async (s) => {
        const refs = await findRuns(s, { sweepName: "ref" });
        const killed = runs.filter((r) => killedRuns.has(r.id));
        // A kill can still land just after a run's last commit; at least one killed run was interrupted.
        expect(killed.some((run) => run.events.some((e) => e.status === "interrupted"))).toBe(true);
        for (const run of killed) {
          const ref = refs.find((r) => r.seed === run.seed)!;
          const skip = { skipPrefixes: ["time/", "perf/"] };
          expect(await metricPoints(s, run.id, skip)).toEqual(await metricPoints(s, ref.id, skip));
        }
      });
    } finally {
      if (alive(sweep.pid)) process.kill(-sweep.pid, "SIGKILL");
    }
  });

  it(`SIGINT, SIGTERM or SIGHUP to the sweep or its process group, once or twice, even in its first second: exit 130 within ${EXIT_BOUND_S} s, no run left running, and \`sweep resume\` finishes all`, async () => {
    // 7 scenarios each let the workers train an epoch or more: 5 runs of 3 epochs leave work for the last one on a
    // fast machine (3 runs of 2 epochs were once all finished before the seventh, which then had nothing to stop).
    const epochs = 3;
    const random = seeded(5);
    // atPlan: as soon as the sweep is planned, while its workers start.
    const scenarios: {
      signal: NodeJS.Signals;
      to: "parent" | "group";
      times: 1 | 2;
      firstSecond?: true;
      atPlan?: true;
    }[] = [
      { signal: "SIGINT", to: "group", times: 1, firstSecond: true },
      { signal: "SIGTERM", to: "group", times: 1, atPlan: true },
      { signal: "SIGTERM", to: "parent", times: 1 },
      { signal: "SIGINT", to: "group", times: 2 },
      { signal: "SIGTERM", to: "group", times: 2 },
      { signal: "SIGINT", to: "parent", times: 2 },
      { signal: "SIGHUP", to: "parent", times: 1 },
    ];
    let id = Number.NaN;
    for (const s of scenarios) {
      const args = Number.isNaN(id)
        ? ["sweep", ...TINY, "--seeds", "30-34", "--epochs", String(epochs), "--workers", "2", "--name", "signals"]
        : ["sweep", "resume", String(id), "--workers", "2"];
      const sweep = startGroup(args, cli.env);
      try {
        if (s.firstSecond) await sleep(1000);
        else if (s.atPlan) await waitFor(() => /runs (planned|to do)/.test(sweep.output()), "the plan", 180_000);
        else {
          await waitFor(() => /worker \d: run \d+ epoch/.test(sweep.output()), "a worker training", 180_000);
          await sleep(random() * 1500);
        }
        const sentAt = performance.now();
        for (let i = 0; i < s.times; i++) {
          process.kill(s.to === "group" ? -sweep.pid : sweep.pid, s.signal);
          if (i + 1 < s.times) await sleep(150);
        }
        const exit = await sweep.exit;
        const seconds = (exit.at - sentAt) / 1000;
        console.log(
          `[${TEST_BACKEND}] ${s.signal} ×${s.times} to the ${s.to}${s.firstSecond ? " in the first second" : ""} → ${exit.signal ? `ended by ${exit.signal}` : `exit ${exit.code}`} in ${seconds.toFixed(2)} s`,
        );
        // While the program still loads it holds nothing and lets the signal end it (a shell shows 128 + n);
        // from then on it stops its workers, records their runs and exits 130.
        if (exit.signal !== null) expect([s.firstSecond, exit.signal]).toEqual([true, s.signal]);
        else expect(exit.code).toBe(130);
        expect(seconds).toBeLessThanOrEqual(EXIT_BOUND_S);
        if (Number.isNaN(id)) id = sweepIdIn(sweep.output());
        if (Number.isNaN(id))
          id = (await withCliStore(cli, (st) => findRuns(st, { sweepName: "signals" })))[0]?.sweepId ?? Number.NaN;
        if (!Number.isNaN(id)) {
          const runs = await withCliStore(cli, (st) => findRuns(st, { sweepId: id }));
          expect(runs.filter((r) => r.status === "running")).toEqual([]);
        }
      } finally {
        if (alive(sweep.pid)) process.kill(-sweep.pid, "SIGKILL");
      }
    }
    expect(id).toBeGreaterThan(0);
    const resumed = await runCli(["sweep", "resume", String(id), "--workers", "2"], cli.env);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`sweep ${id}: 5/5 finished`));
    await withCliStore(cli, (st) => expectEveryRunFinishedOnce(st, id, 5, epochs));
  });

  it("kill -9 of the sweep process: its workers stop, leaving their runs interrupted, and `sweep resume` finishes them", async () => {
    const epochs = 2;
    const sweep = startGroup(
      ["sweep", ...TINY, "--seeds", "40-41", "--epochs", String(epochs), "--workers", "2", "--name", "orphans"],
      cli.env,
    );
    let workers: number[] = [];
    try {
      await waitFor(() => /worker \d: run \d+ epoch/.test(sweep.output()), "a worker training", 180_000);
      workers = childPids(sweep.pid);
      expect(workers.length).toBeGreaterThan(0);
      const id = sweepIdIn(sweep.output());
      const killedAt = performance.now();
      process.kill(sweep.pid, "SIGKILL");
      await waitFor(() => workers.every((pid) => !alive(pid)), "the workers to exit", 60_000);
      console.log(
        `[${TEST_BACKEND}] kill -9 of the sweep parent → its ${workers.length} workers exited in ${((performance.now() - killedAt) / 1000).toFixed(1)} s`,
      );
      const left = await withCliStore(cli, (st) => findRuns(st, { sweepId: id }));
      expect(left.filter((r) => r.status === "running")).toEqual([]);
      const resumed = await runCli(["sweep", "resume", String(id), "--workers", "2"], cli.env);
      expect(resumed.code).toBe(0);
      await withCliStore(cli, (st) => expectEveryRunFinishedOnce(st, id, 2, epochs));
    } finally {
      if (alive(sweep.pid)) process.kill(-sweep.pid, "SIGKILL");
      for (const pid of workers.filter(alive)) process.kill(pid, "SIGKILL");
    }
  });
});
