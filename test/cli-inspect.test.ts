import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createRecipe,
  findOrCreateSweep,
  finishRun,
  openStore,
  planSweepRuns,
  startRun,
  type Store,
} from "@seedscope/db";
import { setRunMemoryPeaks, TEST_BACKEND, tableRowCounts } from "@seedscope/db/testing";
import { applyOverrides, derivedRecipeName, getRecipe } from "@seedscope/recipes";
import { DEMO_SWEEP } from "@seedscope/sweep";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { runCli, SEEDSCOPE_BIN } from "./helpers/cli";

/** Inspecting the store (db status, runs, sweeps) without training anything. */
describe(`seedscope inspection commands on ${TEST_BACKEND}`, { timeout: 300_000 }, () => {
  const cli = useCliEnvironment("inspect", { noStoreYet: true });

  const withStore = <T>(fn: (store: Store) => Promise<T>): Promise<T> => withCliStore(cli, fn);

  it("db status is read-only: on an empty database it creates no table and names db migrate", async () => {
    const r = await runCli(["db", "status"], cli.env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/schema: .*0 of \d+ migrations applied.*`seedscope db migrate`/);
    if (TEST_BACKEND === "pglite") {
      expect(existsSync(join(cli.home, "pglite"))).toBe(false);
    } else {
      // Read-only: not one table was created.
      const store = await openStore({ config: cli.config, migrate: false });
      try {
        expect(await tableRowCounts(store)).toEqual({});
      } finally {
        await store.close();
      }
    }
    const json = JSON.parse((await runCli(["db", "status", "--json"], cli.env)).stdout) as {
      counts: unknown;
      migrations: { applied: string[] };
    };
    expect(json.counts).toBeNull();
    expect(json.migrations.applied).toEqual([]);
  });

  it("lists runs by recipe name: exact by default, derived ones with --derived, stored names too", async () => {
    const ids = await withStore(async (store) => {
      const a2 = getRecipe("a2");
      const base = await createRecipe(store, { body: { ...a2 }, name: "a2" });
      const overrides = [...DEMO_SWEEP.overrides];
      const child = await createRecipe(store, {
        body: { ...applyOverrides(a2, overrides) },
        name: derivedRecipeName("a2", overrides),
        parentHash: base.hash,
      });
      const hot = await createRecipe(store, {
        body: { ...applyOverrides(a2, ["optimizer.lr=0.05"]) },
        name: "a2-hot",
        parentHash: base.hash,
      });
      const own = (await startRun(store, { recipeHash: base.hash, arch: "resnet8", dataset: "digits", seed: 0 })).id;
      const derived = (await startRun(store, { recipeHash: child.hash, arch: "resnet8", dataset: "digits", seed: 1 }))
        .id;
      const named = (await startRun(store, { recipeHash: hot.hash, arch: "resnet8", dataset: "digits", seed: 2 })).id;
      for (const id of [own, derived, named])
        await finishRun(store, id, { status: "finished", summary: { val: { top1: 50 }, v2: { top1: 49 } } });
      return { own, derived, named };
    });
    const listed = async (...args: string[]) => {
      const r = await runCli(["runs", "list", "--json", ...args], cli.env);
      expect(r.stderr).toBe("");
      return (JSON.parse(r.stdout) as { rows: { id: number }[] }).rows.map((row) => row.id).sort((a, b) => a - b);
    };
    expect(await listed("--recipe", "a2")).toEqual([ids.own]);
    expect(await listed("--recipe", "a2", "--derived")).toEqual([ids.own, ids.derived, ids.named]);
    expect(await listed("--recipe", "a2-hot")).toEqual([ids.named]);
    const table = await runCli(["runs", "list", "--recipe", "a2", "--derived"], { ...cli.env, COLUMNS: "100" });
    expect(table.stdout).toContain(`a2 · ${DEMO_SWEEP.overrides[0]} +${DEMO_SWEEP.overrides.length - 1}`);
    const unknown = await runCli(["runs", "list", "--recipe", "a3"], cli.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toMatch(/^seedscope: unknown recipe "a3": give a built-in name \(.*a2.*\)/);
    const hint = await runCli(["runs", "list", "--recipe", "a2", "--status", "queued"], cli.env);
    expect(hint.stdout.trim()).toBe("no runs match these filters");
  });

  it("flags a collapsed run in runs list and runs show, and labels memory as what it is", async () => {
    const id = await withStore(async (store) => {
      const { hash } = await createRecipe(store, { body: { ...getRecipe("deit3") }, name: "deit3" });
      const runId = (await startRun(store, { recipeHash: hash, arch: "resnet8", dataset: "digits", seed: 5 })).id;
      await setRunMemoryPeaks(store, runId, { peakMemoryMb: 1012, peakTensorMb: 3.25 });
      await finishRun(store, runId, {
        status: "finished",
        summary: { val: { top1: 10.1 }, v2: { top1: 9.8 } },
        collapsed: true,
      });
      return runId;
    });
    const list = await runCli(["runs", "list", "--collapsed"], { ...cli.env, COLUMNS: "200" });
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+│.*│\\s+finished \\(collapsed\\)\\s+│`));
    expect(list.stdout).toMatch(/1 of 1 run\(s\), 1 collapsed \(finished at chance\)/);
    const notCollapsed = await runCli(["runs", "list", "--no-collapsed", "--json"], cli.env);
    expect((JSON.parse(notCollapsed.stdout) as { rows: { id: number }[] }).rows.map((r) => r.id)).not.toContain(id);
    const show = await runCli(["runs", "show", String(id)], cli.env);
    expect(show.stdout).toMatch(new RegExp(`^run ${id}: finished \\(collapsed: at chance\\)`));
    expect(show.stdout).toMatch(/memory: +tensors peak 3\.3 MB; process peak RSS 1012 MB \(the whole Node\.js process/);
    expect(show.stdout).not.toMatch(/peak memory/);
  });

  it("lists sweeps with their plan and run counts, collapsed ones counted", async () => {
    const sweepId = await withStore(async (store) => {
      const { hash } = await createRecipe(store, { body: { ...getRecipe("deit3") }, name: "deit3" });
      const sweep = await findOrCreateSweep(store, {
        plan: {
          name: "listed",
          recipes: [{ name: "deit3", hash }],
          archs: ["resnet8"],
          datasets: ["digits"],
          seeds: [0, 1],
        },
        name: "listed",
        launchedBy: "test",
      });
      await planSweepRuns(
        store,
        sweep.id,
        [0, 1].map((seed) => ({ recipeHash: hash, arch: "resnet8", dataset: "digits", seed })),
      );
      return sweep.id;
    });
    const r = await runCli(["sweeps", "list"], { ...cli.env, COLUMNS: "160" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(
      new RegExp(
        `${sweepId}\\s+│\\s+listed\\s+│\\s+deit3\\s+│\\s+resnet8\\s+│\\s+digits\\s+│\\s+2\\s+│\\s+2\\s+│\\s+0\\s+│\\s+0\\s+│\\s+0\\s+│\\s+2\\s+│`,
      ),
    );
    const missing = await runCli(["sweep", "status", "999"], cli.env);
    expect(missing.stderr.trim()).toBe(
      "seedscope: no sweep has id 999: `seedscope sweeps list` shows the stored sweeps",
    );
  });

  it("fits every table to COLUMNS", async () => {
    for (const args of [
      ["runs", "list"],
      ["sweeps", "list"],
      ["recipes", "list"],
    ]) {
      const r = await runCli(args, { ...cli.env, COLUMNS: "80" });
      expect(r.code, args.join(" ")).toBe(0);
      const widest = Math.max(...r.stdout.split("\n").map((line) => [...line].length));
      expect(widest, args.join(" ")).toBeLessThanOrEqual(80);
    }
  });

  it("ends quietly when its reader goes away (runs list | head)", async () => {
    const child = spawn(process.execPath, [SEEDSCOPE_BIN, "runs", "list"], { env: { ...process.env, ...cli.env } });
    child.stdout.destroy(); // the reader is gone before the first line is written
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});
