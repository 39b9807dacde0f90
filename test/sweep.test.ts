import { execSync, type ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { Store } from "@seedscope/db";
import { countRuns, findRuns, findSweepId, metricPoints, TEST_BACKEND } from "@seedscope/db/testing";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { runCli, startCli as start, waitFor } from "./helpers/cli";
import { TINY_MODEL } from "./helpers/tiny-run";

// Tiny runs: what matters here is the bookkeeping, not accuracy.
const TINY = TINY_MODEL;

/** The first run of a sweep, with its events; the test fails if there is none. */
async function firstRun(store: Store, where: { sweepId?: number; sweepName?: string }) {
  const [run] = await findRuns(store, where);
  if (!run) throw new Error(`no run in sweep ${JSON.stringify(where)}`);
  return run;
}

/** Metrics that must match between two runs of the same seed (timings aside). */
async function comparablePoints(store: Store, runId: number) {
  return metricPoints(store, runId, { skipPrefixes: ["time/", "perf/"] });
}

describe(`sweeps (${TEST_BACKEND})`, { timeout: 600_000 }, () => {
  const cli = useCliEnvironment("sweep");

  const withStore = <T>(fn: (store: Store) => Promise<T>): Promise<T> => withCliStore(cli, fn);

  it("rejects bad sweep input before writing anything", async () => {
    const backwards = await runCli(["sweep", "--recipe", "deit3", "--arch", "resnet8", "--seeds", "5-3"], cli.env);
    expect(backwards.stderr).toMatch(/range "5-3" runs backwards; write it low-high, e\.g\. 3-5/);
    const arch = await runCli(["sweep", "--recipe", "deit3", "--arch", "resnet9", "--seeds", "0-1"], cli.env);
    expect(arch.stderr).toMatch(/unknown arch "resnet9"; valid names: resnet8, resnet20/);
    const big = await runCli(
      ["sweep", "--recipe", "deit3,a2", "--arch", "resnet8,resnet20", "--seeds", "0-2600"],
      cli.env,
    );
    expect(big.stderr).toMatch(/plans 10,404 runs .*add --yes/);
    const noDir = await runCli(
      ["sweep", "--recipe", "a2", "--arch", "resnet8", "--seeds", "0", "--dataset", "image-folder"],
      cli.env,
    );
    expect(noDir.stderr.trim()).toMatch(
      /^seedscope: --dataset image-folder needs --data-dir <folder>: the folder holding train\/<class>/,
    );
    const names = await runCli(
      ["sweep", "--recipe", "a2,deit3", "--arch", "resnet8", "--seeds", "0", "--epochs", "1", "--recipe-name", "short"],
      cli.env,
    );
    expect(names.stderr.trim()).toMatch(
      /^seedscope: --recipe-name: this sweep derives 2 recipes \(a2, deit3\), one name each: put \{recipe\} in it/,
    );
    const stale = await runCli(
      ["sweep", "--recipe", "a2", "--arch", "resnet8", "--seeds", "0", "--stale-after", "0"],
      cli.env,
    );
    expect(stale.stderr).toMatch(/staleAfter: --stale-after must be ≥ 1 second/);
    const evalSize = await runCli(
      ["sweep", "--recipe", "a2", "--arch", "resnet8", "--seeds", "0", "--eval-size", "0"],
      cli.env,
    );
    expect(evalSize.stderr).toMatch(/evalSize: --eval-size must be ≥ 1 \(e\.g\. --eval-size 300\)/);
    expect(await withStore((s) => countRuns(s))).toBe(0);
  });

  it("flags collapsed runs in the sweep summary, sweep status and sweeps list, under the --recipe-name given", async () => {
    // A learning rate of 1e-9 learns nothing: every run ends at chance.
    const frozen = await runCli(
      [
        "sweep",
        "--recipe",
        "deit3",
        ...TINY,
        "--seeds",
        "0-1",
        "--epochs",
        "1",
        "--set",
        "optimizer.lr=1e-9",
        "--recipe-name",
        "deit3-frozen",
        "--stale-after",
        "30",
        "--name",
        "frozen",
      ],
      { ...cli.env, COLUMNS: "100" },
    );
    expect(frozen.code).toBe(0);
    const id = Number(/sweep (\d+)/.exec(frozen.stderr)![1]);
    expect(frozen.stdout).toMatch(
      new RegExp(`sweep ${id}: 2/2 finished \\(2 collapsed: at chance, still counted below\\)`),
    );
    expect(frozen.stdout).toMatch(/deit3-frozen\s+│\s+resnet8\s+│\s+digits\s+│\s+2\s+│\s+2\s+│/);
    for (const line of frozen.stdout.split("\n")) expect([...line].length).toBeLessThanOrEqual(100);
    const status = await runCli(["sweep", "status", String(id)], cli.env);
    expect(status.stdout).toMatch(/2 finished \(2 collapsed\)/);
    const sweeps = await runCli(["sweeps", "list", "--json"], cli.env);
    const listed = (JSON.parse(sweeps.stdout) as { id: number; collapsed: number; recipes: { name: string }[] }[]).find(
      (s) => s.id === id,
    )!;
    expect(listed.collapsed).toBe(2);
    expect(listed.recipes.map((r) => r.name)).toEqual(["deit3-frozen"]);
  });

  it("trains each recipe at its own small-digits setting with --small-digits, the sweep's --set on top", async () => {
    const sweep = await runCli(
      [
        ...["sweep", "--recipe", "a2,deit", "--arch", "resnet8", "--seeds", "0", "--small-digits"],
        ...["--train-size", "200", "--eval-size", "300", "--set", "epochs=1", "--backend", "wasm"],
        ...["--recipe-name", "{recipe}-small", "--name", "small-digits"],
      ],
      cli.env,
    );
    expect(sweep.code, sweep.stderr).toBe(0);
    const shown = async (name: string) => {
      const show = await runCli(["recipes", "show", name], cli.env);
      return JSON.parse(show.stdout.split("\n").slice(1).join("\n")) as {
        epochs: number;
        resolution: number;
        optimizer: { kind: string; lr: number };
        augment: { hflip: boolean };
      };
    };
    const [a2, deit] = [await shown("a2-small"), await shown("deit-small")];
    expect([a2.optimizer, a2.resolution, a2.epochs, a2.augment.hflip]).toEqual([
      expect.objectContaining({ kind: "lamb", lr: 0.02 }),
      12,
      1,
      false,
    ]);
    expect(deit.optimizer).toMatchObject({ kind: "adamw", lr: 0.001 });
    const fashion = await runCli(
      ["sweep", "--recipe", "a2", "--arch", "resnet8", "--seeds", "0", "--small-digits", "--dataset", "fashion"],
      cli.env,
    );
    expect(fashion.code).toBe(1);
    expect(fashion.stderr.trim()).toMatch(/^seedscope: --small-digits is the setting measured on the built-in digits/);
  });

  it("stops half-way on Ctrl-C and, resumed, finishes every planned run exactly once", async () => {
    const sweep = start(
      ["sweep", "--recipe", "deit3", ...TINY, "--seeds", "0-3", "--epochs", "2", "--name", "halfway"],
      cli.env,
    );
    await waitFor(() => /2\/4 runs done/.test(sweep.output()), "two finished runs");
    sweep.child.kill("SIGINT");
    expect(await sweep.exit).toBe(130);
    const id = Number(/sweep (\d+)/.exec(sweep.output())![1]);
    expect(sweep.output()).toContain(`seedscope sweep resume ${id}`);
    const resumed = await runCli(["sweep", "resume", String(id)], cli.env);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`sweep ${id}: 4/4 finished`));
    const runs = await withStore((s) => findRuns(s, { sweepId: id }));
    expect(runs.map((r) => r.seed).sort()).toEqual([0, 1, 2, 3]);
    for (const run of runs) {
      expect(run.status).toBe("finished");
      expect((run.environment as { datasetOptions?: unknown }).datasetOptions).toEqual({
        trainSize: 200,
        evalSize: 300,
      });
      expect(run.epochsDone).toBe(2);
      expect(run.events.filter((e) => e.status === "finished")).toHaveLength(1);
    }
    // Re-running the same command finds the same sweep and has nothing left to do.
    const again = await runCli(
      ["sweep", "--recipe", "deit3", ...TINY, "--seeds", "0-3", "--epochs", "2", "--name", "halfway"],
      cli.env,
    );
    expect(again.stderr).toMatch(new RegExp(`sweep ${id} \\(continuing\\): 4 runs planned, 0 to do`));
  });

  it("recovers a run whose worker was killed (SIGKILL) from its checkpoint, with the metrics of an uninterrupted run", async () => {
    const plan = ["sweep", "--recipe", "deit3", ...TINY, "--seeds", "11", "--epochs", "3"];
    // An uninterrupted reference: the same recipe and seed in another sweep.
    const reference = await runCli([...plan, "--name", "reference"], cli.env);
    expect(reference.code).toBe(0);
    const victimSweep = start([...plan, "--name", "killed"], cli.env);
    const sweepId = async () => (await withStoreWhenFree((s) => findSweepId(s, "killed"))) ?? undefined;
    // The sweep process trains through a worker child: kill both once the second epoch has begun, i.e.
    // after the first epoch's checkpoint was committed.
    await waitFor(() => /run \d+ epoch 2\/3/.test(victimSweep.output()), "the second epoch", 240_000);
    killTree(victimSweep.child);
    await victimSweep.exit;
    const id = await sweepId();
    expect(id).toBeDefined();
    const stuck = await withStoreWhenFree((s) => firstRun(s, { sweepId: id! }));
    // The parent may have seen its worker die first and recorded the run as interrupted for it.
    expect(["running", "interrupted"]).toContain(stuck.status);
    expect(stuck.epochsDone).toBeGreaterThanOrEqual(1);
    expect(stuck.epochsDone).toBeLessThan(3);
    const worker = await runCli(["worker", "--sweep", String(id), "--stale-after", "2"], cli.env);
    expect(worker.code).toBe(0);
    await withStoreWhenFree(async (s) => {
      const run = await firstRun(s, { sweepId: id! });
      expect(run.status).toBe("finished");
      expect(run.events.map((e) => e.status)).toEqual(["running", "interrupted", "running", "finished"]);
      const ref = await firstRun(s, { sweepName: "reference" });
      expect(await comparablePoints(s, run.id)).toEqual(await comparablePoints(s, ref.id));
    });
  });

  it("two worker processes on one sweep never train the same run twice", async () => {
    const sweep = await runCli(
      // A generous stale limit: on 2 loaded cores a starved worker's heartbeat can lag past the default 15 s,
      // and a take-over (right then) would be a second "running" event — not what this test is about.
      [
        "sweep",
        "--recipe",
        "deit3",
        ...TINY,
        "--seeds",
        "20-25",
        "--epochs",
        "1",
        "--workers",
        "2",
        "--name",
        "pair",
        "--stale-after",
        "120",
      ],
      cli.env,
    );
    expect(sweep.code).toBe(0);
    await withStore(async (s) => {
      const runs = await findRuns(s, { sweepName: "pair" });
      expect(runs).toHaveLength(6);
      for (const run of runs) {
        expect(run.status).toBe("finished");
        expect(run.events.filter((e) => e.status === "running")).toHaveLength(1);
      }
      expect(new Set(runs.map((r) => r.worker)).size).toBe(2);
    });
  });

  it("sweep resume and sweep retry honour --workers, --retries, --backend and --stale-after; a sweep with diverged runs exits 1 and says so", async () => {
    for (const [flag, value, message] of [
      ["--workers", "0", /--workers must be ≥ 1/],
      ["--retries", "-1", /--retries must be ≥ 0/],
      ["--backend", "nope", /--backend must be one of/],
      ["--stale-after", "0", /--stale-after must be ≥ 1 second/],
    ] as const) {
      for (const command of ["resume", "retry"]) {
        const bad = await runCli(["sweep", command, "1", flag, value], cli.env);
        expect(bad.code).toBe(1);
        expect(bad.stderr).toMatch(message);
      }
    }
    // A learning rate of 1e30 makes the loss non-finite at the first step: both runs diverge. (At 1e9, LAMB's
    // trust ratio grows the weights ×1e9 a step and BatchNorm keeps the loss finite for 4 steps: one epoch here.)
    const plan = [
      "sweep",
      "--recipe",
      "deit3",
      ...TINY,
      "--seeds",
      "0-1",
      "--epochs",
      "1",
      "--set",
      "optimizer.lr=1e30",
    ];
    const diverging = await runCli([...plan, "--name", "diverging"], cli.env);
    expect(diverging.code).toBe(1);
    const id = Number(/sweep (\d+)/.exec(diverging.stderr)![1]);
    expect(diverging.stdout.trim().split("\n").at(-1)).toMatch(
      new RegExp(`^sweep ${id}: 2 runs failed or diverged .*seedscope sweep retry ${id}$`),
    );
    const retried = await runCli(
      ["sweep", "retry", String(id), "--diverged", "--workers", "2", "--retries", "3", "--stale-after", "20"],
      cli.env,
    );
    expect(retried.stderr).toMatch(new RegExp(`sweep ${id}: 2 diverged runs queued again, 2 runs to do`));
    expect(retried.stderr).toMatch(/2 workers \(stale after 20 s, 3 retries\)/);
    expect(retried.code).toBe(1);
    const runs = await withStore((s) => findRuns(s, { sweepId: id }));
    for (const run of runs) {
      expect(run.status).toBe("diverged");
      expect(run.events.map((e) => e.status)).toEqual(["running", "diverged", "queued", "running", "diverged"]);
      expect(run.events[2]!.message).toMatch(/sweep retry/);
    }
    const resumed = await runCli(["sweep", "resume", String(id), "--workers", "3", "--backend", "wasm"], cli.env);
    expect(resumed.stderr).toMatch(/sweep \d+: 0 runs to do/);
    expect(resumed.stderr).toMatch(/3 workers \(stale after 15 s, 2 retries\)/);
  });

  /** The killed process may still hold the embedded store's lock for a moment: retry opening it. */
  async function withStoreWhenFree<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await withStore(fn);
      } catch (error) {
        if (attempt > 50 || !/in use|lock/i.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }
});

/** SIGKILL a process and its worker children (spawned with fork, so they share no process group). */
function killTree(child: ChildProcess): void {
  const pid = child.pid!;
  try {
    const children = execSync(`pgrep -P ${pid}`, { encoding: "utf8" });
    for (const c of children.split("\n").filter(Boolean)) process.kill(Number(c), "SIGKILL");
  } catch {
    // no children
  }
  child.kill("SIGKILL");
}
