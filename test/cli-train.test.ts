import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeCifarBatch, encodeNpy } from "@seedscope/data";
import { describe, expect, it } from "vitest";
import { TEST_BACKEND } from "@seedscope/db/testing";
import { applyOverrides, getRecipe, overridesOnTop, recipeIdentity, smallDigitsOverrides } from "@seedscope/recipes";
import { useCliEnvironment } from "./helpers/cli-env";
import { runCli, SEEDSCOPE_BIN } from "./helpers/cli";
import { TINY_MODEL } from "./helpers/tiny-run";

const QUICK = TINY_MODEL;

describe(`seedscope run / recipes on ${TEST_BACKEND}`, { timeout: 600_000 }, () => {
  const cli = useCliEnvironment("train-cli");

  it("trains on CIFAR-10 with a CIFAR-10.1-style .npy pair as v2 given by --v2-images/--v2-labels", async () => {
    // A miniature CIFAR-10: 5 train batches of 20 images, a test batch of 10, and a v2 pair of 6 images.
    const dir = join(cli.home, "cifar");
    mkdirSync(dir, { recursive: true });
    const bytes = (n: number, seed: number) => Uint8Array.from({ length: n * 3072 }, (_, i) => (i * 31 + seed) % 256);
    const labels = (n: number) => Array.from({ length: n }, (_, i) => i % 10);
    for (let b = 1; b <= 5; b++)
      writeFileSync(join(dir, `data_batch_${b}.bin`), encodeCifarBatch(bytes(20, b), labels(20), "cifar10"));
    writeFileSync(join(dir, "test_batch.bin"), encodeCifarBatch(bytes(10, 9), labels(10), "cifar10"));
    writeFileSync(join(dir, "v2_data.npy"), encodeNpy("|u1", [6, 32, 32, 3], bytes(6, 7)));
    writeFileSync(
      join(dir, "v2_labels.npy"),
      encodeNpy("<i8", [6], new Uint8Array(BigInt64Array.from(labels(6), BigInt).buffer)),
    );
    writeFileSync(join(dir, "small.npy"), encodeNpy("|u1", [1, 8, 8, 3], new Uint8Array(192)));
    const base = ["run", "--recipe", "deit3", "--dataset", "cifar10", "--data-dir", dir, "--epochs", "1", ...QUICK];
    const run = await runCli(
      [...base, "--v2-images", join(dir, "v2_data.npy"), "--v2-labels", join(dir, "v2_labels.npy")],
      cli.env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/v2 top-1 \d/);
    const wrong = await runCli(
      [...base, "--v2-images", join(dir, "small.npy"), "--v2-labels", join(dir, "v2_labels.npy")],
      cli.env,
    );
    expect(wrong.stderr.trim()).toMatch(/small\.npy: v2 images must be \(N, 32, 32, 3\) uint8, found \(1, 8, 8, 3\)/);
    const half = await runCli([...base, "--v2-images", join(dir, "v2_data.npy")], cli.env);
    expect(half.stderr.trim()).toBe(
      "seedscope: --v2-labels is missing: give both .npy files of the v2 set (images and labels)",
    );
  });

  it("diffs two recipes field by field and shows one as JSON", async () => {
    const diff = await runCli(["recipes", "diff", "deit3", "cosub", "--json"], cli.env);
    expect(diff.code).toBe(0);
    const paths = (JSON.parse(diff.stdout) as { path: string }[]).map((c) => c.path);
    expect(paths).toContain("method.kind");
    expect(paths).toContain("stochasticDepth.rate");
    expect(paths).not.toContain("loss");
    const show = await runCli(["recipes", "show", "deit3"], cli.env);
    expect(JSON.parse(show.stdout.split("\n").slice(1).join("\n")).optimizer.kind).toBe("lamb");
  });

  it("rejects unknown names and bad overrides with one line naming the fix", async () => {
    const arch = await runCli(["run", "--recipe", "deit3", "--arch", "vit-huge"], cli.env);
    expect(arch.code).not.toBe(0);
    expect(arch.stderr.trim().split("\n")).toHaveLength(1);
    expect(arch.stderr).toMatch(/vit-huge.*resnet20/);
    const recipe = await runCli(["run", "--recipe", "deit4", "--arch", "resnet8"], cli.env);
    expect(recipe.stderr).toMatch(/unknown recipe "deit4".*deit3/);
    const set = await runCli(["run", "--recipe", "deit3", "--arch", "resnet8", "--set", "optimizer.lr=fast"], cli.env);
    expect(set.stderr).toMatch(/optimizer\.lr/);
    const seed = await runCli(["run", "--recipe", "deit3", "--arch", "resnet8", "--seed", "-1"], cli.env);
    expect(seed.stderr).toMatch(/--seed must be ≥ 0/);
    for (const dataset of ["cifar10", "image-folder"]) {
      const noDir = await runCli(["run", "--recipe", "a2", "--arch", "resnet8", "--dataset", dataset], cli.env);
      expect(noDir.code).toBe(1);
      expect(noDir.stderr.trim().split("\n")).toHaveLength(1);
      expect(noDir.stderr).toMatch(
        new RegExp(`^seedscope: --dataset ${dataset} needs --data-dir <folder>: the folder `),
      );
    }
    const nameOnly = await runCli(["run", "--recipe", "a2", "--arch", "resnet8", "--recipe-name", "mine"], cli.env);
    expect(nameOnly.stderr.trim()).toMatch(/^seedscope: --recipe-name names the recipe derived by --set \/ --epochs/);
    for (const [size, rule] of [
      ["0", "≥ 1"],
      ["2.5", "a whole number"],
    ] as const) {
      const evalSize = await runCli(["run", "--recipe", "a2", "--arch", "resnet8", "--eval-size", size], cli.env);
      expect(evalSize.code, size).toBe(1);
      expect(evalSize.stderr.trim(), size).toBe(
        `seedscope: invalid options:\n  evalSize: --eval-size must be ${rule} (e.g. --eval-size 300)`,
      );
    }
  });

  it("says a run that learned nothing collapsed, under the recipe name given, findable by that name", async () => {
    const frozen = await runCli(
      [
        "run",
        "--recipe",
        "deit3",
        ...QUICK,
        "--epochs",
        "1",
        "--set",
        "optimizer.lr=1e-9",
        "--recipe-name",
        "deit3-frozen",
      ],
      cli.env,
    );
    expect(frozen.code).toBe(0);
    const runId = Number(/run (\d+): finished \(collapsed: at chance\)/.exec(frozen.stdout)?.[1]);
    expect(runId).toBeGreaterThan(0);
    expect(frozen.stdout).toMatch(/collapsed: its final val top-1 is within noise of chance/);
    const listed = await runCli(["runs", "list", "--recipe", "deit3-frozen", "--json"], cli.env);
    expect(
      (JSON.parse(listed.stdout) as { rows: { id: number; collapsed: boolean; recipeName: string }[] }).rows,
    ).toEqual([expect.objectContaining({ id: runId, collapsed: true, recipeName: "deit3-frozen" })]);
    const shown = await runCli(["recipes", "show", "deit3-frozen"], cli.env);
    expect(shown.stdout).toMatch(/^# deit3-frozen {2}sha256 [0-9a-f]{64}/);
  });

  it("trains a recipe at its small-digits setting with one flag, the user's --set on top", async () => {
    const args = ["run", "--recipe", "a2", "--arch", "resnet8", "--small-digits", "--eval-size", "300"];
    const run = await runCli([...args, "--train-size", "500", "--set", "epochs=6", "--backend", "wasm"], cli.env);
    expect(run.code, run.stderr).toBe(0);
    const runId = Number(/^run (\d+): finished$/m.exec(run.stdout)?.[1]);
    expect(runId, run.stdout).toBeGreaterThan(0);
    // Learned, where a2 at its own 28-px, augmented defaults stays near chance after this few steps.
    expect(Number(/val top-1 ([\d.]+)/.exec(run.stdout)?.[1])).toBeGreaterThan(50);
    const shown = await runCli(["runs", "show", String(runId), "--json"], cli.env);
    const stored = JSON.parse(shown.stdout) as {
      recipeHash: string;
      environment: { data: { counts: { train: number }; shape: string } };
    };
    const expected = applyOverrides(
      getRecipe("a2"),
      overridesOnTop(smallDigitsOverrides(getRecipe("a2")), ["epochs=6"]),
    );
    expect(stored.recipeHash).toBe(recipeIdentity(expected).hash);
    expect(stored.environment.data).toMatchObject({ counts: { train: 500 }, shape: "12×12×1" });
    const fashion = await runCli([...args, "--dataset", "fashion"], cli.env);
    expect(fashion.code).toBe(1);
    expect(fashion.stderr.trim()).toMatch(/^seedscope: --small-digits is the setting measured on the built-in digits/);
  });

  it("trains one run on both cores (--threads 2) to the same metrics as on one", async () => {
    const finals = [];
    for (const threads of ["1", "2"]) {
      const run = await runCli(
        ["run", "--recipe", "deit3", ...QUICK, "--epochs", "1", "--seed", "5", "--threads", threads],
        cli.env,
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`backend wasm \\(${threads} threads?\\)`));
      finals.push(/val top-1 ([\d.]+) +v2 top-1 ([\d.]+)/.exec(run.stdout)?.slice(1));
    }
    expect(finals[0]).toBeDefined();
    expect(finals[1]).toEqual(finals[0]);
    const bad = await runCli(["run", "--recipe", "deit3", ...QUICK, "--threads", "0"], cli.env);
    expect(bad.stderr).toMatch(/--threads must be ≥ 1/);
  });

  it("trains a run, stops cleanly on Ctrl-C after an epoch, and resumes it to the end", async () => {
    const child = spawn(process.execPath, [SEEDSCOPE_BIN, "run", "--recipe", "deit3", ...QUICK, "--epochs", "3"], {
      env: { ...process.env, ...cli.env },
    });
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (/epoch 1\/3/.test(stderr) && !child.killed) child.kill("SIGINT");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toMatch(/stopping after the current step/);
    expect(code).toBe(130);
    const runId = Number(/run (\d+): interrupted/.exec(stdout)?.[1]);
    expect(runId).toBeGreaterThan(0);
    expect(stdout).toMatch(/resume with: seedscope run --resume \d+/);
    // Each committed epoch gets a line with its val and v2 top-1, and the ETA is the run's, with a unit.
    expect(stderr).toMatch(
      new RegExp(
        `run ${runId} epoch 1/3: train loss \\d+\\.\\d+, \\d+ img/s, val top-1 \\d+\\.\\d\\d, v2 top-1 \\d+\\.\\d\\d, run ETA (≥ )?\\d+(s|m \\d\\ds|h \\d\\dm)\\n`,
      ),
    );

    const resumed = await runCli(["run", "--resume", String(runId)], cli.env);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`run ${runId}: finished`));
    expect(resumed.stderr).toMatch(
      new RegExp(
        `run ${runId} epoch 2/3: .*val top-1 \\d+\\.\\d\\d, v2 top-1[\\s\\S]*run ${runId} epoch 3/3: .*val top-1 \\d+\\.\\d\\d`,
      ),
    );
    const shown = await runCli(["runs", "show", String(runId), "--json"], cli.env);
    const run = JSON.parse(shown.stdout) as {
      status: string;
      epochsDone: number;
      events: { status: string }[];
      metricKeys: { key: string }[];
      environment: { datasetOptions: Record<string, unknown>; data: { counts: Record<string, number> } };
    };
    // --eval-size 300 (in QUICK) is recorded with the run, and the resumed process evaluated on the same cut.
    expect(run.environment.datasetOptions).toEqual({ trainSize: 200, evalSize: 300 });
    expect(run.environment.data.counts).toEqual({ train: 200, val: 300, v2: 300 });
    expect(run.status).toBe("finished");
    expect(run.epochsDone).toBe(3);
    expect(run.events.map((e) => e.status)).toEqual(["running", "interrupted", "running", "finished"]);
    expect(run.metricKeys.map((m) => m.key)).toEqual(
      expect.arrayContaining(["val/top1", "v2/top1", "train/loss", "lr", "val/loss", "v2/loss"]),
    );
  });
});
