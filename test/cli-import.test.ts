import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  externalMetricHistory,
  findExternalStudy,
  generalization,
  groupSeeds,
  importedRowVersions,
  listExternalRuns,
  runPage,
  type Store,
} from "@seedscope/db";
import { TEST_BACKEND, tableRowCounts } from "@seedscope/db/testing";
import { type CliResult, runCli } from "./helpers/cli";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";

/** `seedscope import --json`'s outcome, as far as these tests read it. */
interface ImportJson {
  study: { id: number; name: string };
  totals: { runs: number; created: number; updated: number; unchanged: number; skipped: number; failed: number };
  inputs: {
    input: string;
    error: string | null;
    notes: string[];
    skipped: { what: string; reason: string }[];
    runs: {
      id: number;
      name: string;
      outcome: string;
      seed: number | null;
      epochs: number;
      resumedFrom: number | null;
      final: { val: { epoch: number; top1: number } | null; v2: { epoch: number; top1: number } | null };
      best: { val: { epoch: number; top1: number } | null };
    }[];
  }[];
  valV2Fit: { groups: number; slope: number; intercept: number; r: number } | null;
}

const deitLine = (epoch: number, acc1: number) =>
  JSON.stringify({
    train_lr: 0.0005,
    train_loss: 7 - epoch,
    test_loss: 6 - epoch,
    test_acc1: acc1,
    test_acc5: acc1 + 20,
    epoch,
    n_parameters: 5717416,
  });

const TIMM_HEADER = "epoch,train_loss,eval_loss,eval_top1,eval_top5";
const timmArgs = (seed: number, name: string) =>
  `model: resnet50\nlr: 0.1\nepochs: 3\nseed: ${seed}\nexperiment: ${name}-seed${seed}\noutput: ./output/${name}\nworkers: 8\nopt_betas:\n- 0.9\n- 0.999\n`;

// One model at two image sizes, a model with "1,013.01" M parameters, and a v2 row with no val row.
const VAL_TABLE = [
  "model,top1,top1_err,top5,top5_err,param_count,img_size,crop_pct,interpolation",
  "vit_small,81.4,18.6,95.6,4.4,22.05,224,0.9,bicubic",
  "vit_small,83.8,16.2,96.9,3.1,22.05,384,1.0,bicubic",
  "resnet50,80.1,19.9,94.9,5.1,25.56,224,0.95,bicubic",
  'giant,89.0,11.0,99.0,1.0,"1,013.01",336,1.0,bicubic',
].join("\n");
const V2_TABLE = [
  "model,img_size,top1,top1_err,top5,top5_err,param_count,crop_pct,interpolation,top1_diff,top5_diff,rank_diff",
  'giant,336,81.9,18.1,96.3,3.7,"1,013.01",1.0,bicubic,-7.1,-2.7,+0',
  "vit_small,384,74.1,25.9,91.8,8.2,22.05,1.0,bicubic,-9.7,-5.1,+0",
  "vit_small,224,70.3,29.7,89.5,10.5,22.05,0.9,bicubic,-11.1,-6.1,+0",
  "resnet50,224,68.9,31.1,88.6,11.4,25.56,0.95,bicubic,-11.2,-6.3,+0",
  "v2_only,224,50.0,50.0,75.0,25.0,5.0,0.9,bicubic,-1,-1,+0",
].join("\n");

/** Least squares and Pearson's r, to check the store's val-vs-v2 fit against. */
function fitOf(x: number[], y: number[]): { slope: number; intercept: number; r: number } {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  });
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r: sxy / Math.sqrt(sxx * syy) };
}

/** Imports in real formats, written here, through the real CLI, then checks what the store holds. */
describe(`seedscope import on ${TEST_BACKEND}`, { timeout: 300_000 }, () => {
  const cli = useCliEnvironment("import");
  let dir = "";
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const seedscope = (...args: string[]): Promise<CliResult> => runCli(["import", ...args], cli.env, dir);
  const importJson = async (...args: string[]): Promise<ImportJson> => {
    const r = await seedscope(...args, "--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as ImportJson;
  };
  const withStore = <T>(fn: (store: Store) => Promise<T>): Promise<T> => withCliStore(cli, fn);

  /** Every import of the files below, as the second import repeats them. */
  const IMPORTS: string[][] = [
    ["deit-log", "deit/seed1/log.txt", "--seed", "1", "--config", "deit/seed1.json", "--sweep", "deit-seeds"],
    ["deit-log", "deit/seed2/log.txt", "--config", "deit/seed2.yaml", "--sweep", "deit-seeds"],
    ["deit-log", "deit/later/log.txt", "--sweep", "deit-seeds"],
    ["timm-summary", "timm", "--sweep", "timm-seeds"],
    ["timm-results", "results/results-imagenet.csv"],
    [
      "csv",
      "table.csv",
      "--run-column",
      "run",
      "--epoch-column",
      "epoch",
      "--seed-column",
      "seed",
      "--metric-alias",
      "score=val/top5",
      "--sweep",
      "csv-seeds",
    ],
  ];

  beforeAll(() => {
    dir = join(cli.home, "files");
    // A DeiT log appended to on resume: epoch 2 logged twice (the later record wins); best epoch 4, last epoch 5.
    write(
      "deit/seed1/log.txt",
      [deitLine(0, 10), deitLine(1, 20), deitLine(2, 30), deitLine(2, 35), deitLine(3, 50), deitLine(4, 45), ""].join(
        "\n",
      ),
    );
    write("deit/seed2/log.txt", [12, 22, 33, 48, 47].map((acc, epoch) => deitLine(epoch, acc)).join("\n"));
    // A log that starts at a later epoch: a resumed run's own file.
    write("deit/later/log.txt", [deitLine(3, 40), deitLine(4, 42)].join("\n"));
    // The two seeds' arguments differ only by the seed and the output folder (bookkeeping): one recipe.
    const deitArgs = { model: "deit_tiny_patch16_224", data_set: "IMNET", lr: 0.0005, epochs: 5 };
    write("deit/seed1.json", JSON.stringify({ ...deitArgs, output_dir: "out/seed1" }));
    write(
      "deit/seed2.yaml",
      "model: deit_tiny_patch16_224\ndata_set: IMNET\nlr: 0.0005\nepochs: 5\nseed: 2\noutput_dir: out/seed2\n",
    );
    // timm: a resumed run writes its header again mid-file and repeats epoch 1; a newer timm adds lr.
    write(
      "timm/run-a/summary.csv",
      [
        TIMM_HEADER,
        "0,6.9,6.8,1.5,5.0",
        "1,6.1,5.2,8.5,22.0",
        TIMM_HEADER,
        "1,6.0,5.1,9.0,23.0",
        "2,5.5,4.0,20.25,45.5",
      ].join("\n"),
    );
    write("timm/run-a/args.yaml", timmArgs(7, "a"));
    write(
      "timm/run-b/summary.csv",
      [`${TIMM_HEADER},lr`, "0,6.8,6.7,2.0,6.0,0.1", "1,6.0,5.0,12.5,30.0,0.05", "2,5.4,4.1,19.5,44.0,0.01"].join("\n"),
    );
    write("timm/run-b/args.yaml", timmArgs(8, "b"));
    write("results/results-imagenet.csv", VAL_TABLE);
    write("results/results-imagenetv2-matched-frequency.csv", V2_TABLE);
    // A generic table, one row per run × epoch (epochs from 0), two seeds of one configuration.
    write(
      "table.csv",
      [
        "run,seed,epoch,model,lr,val_acc1,v2_acc1,score",
        "r0,0,0,resnet20,0.1,30.5,28.0,60",
        "r0,0,1,resnet20,0.1,55.25,51.0,80",
        "r1,1,0,resnet20,0.1,33.0,30.0,61",
        "r1,1,1,resnet20,0.1,54.0,50.5,79",
      ].join("\n"),
    );
    write("bad/log.txt", [deitLine(0, 10), '{"epoch": 1, "test_acc1": ', deitLine(2, 30)].join("\n"));
  });

  it("imports a resumed DeiT log: the later record of a repeated epoch wins, final and best are both kept", async () => {
    const first = await importJson(...IMPORTS[0]!);
    expect(first.totals).toMatchObject({ runs: 1, created: 1, failed: 0 });
    const [run] = first.inputs[0]!.runs;
    expect(run).toMatchObject({
      name: "seed1",
      seed: 1,
      epochs: 5,
      final: { val: { epoch: 5, top1: 45 } },
      best: { val: { epoch: 4, top1: 50 } },
    });
    expect(first.inputs[0]!.notes).toEqual([
      "1 epoch(s) logged twice (the file was appended to on resume): the later record was kept",
    ]);
    const second = await importJson(...IMPORTS[1]!);
    expect(second.inputs[0]!.runs[0]).toMatchObject({ name: "seed2", seed: 2, best: { val: { epoch: 4, top1: 48 } } });
    const later = await importJson(...IMPORTS[2]!);
    expect(later.inputs[0]!.runs[0]).toMatchObject({ name: "later", seed: null, resumedFrom: 4, epochs: 5 });
    expect(later.inputs[0]!.notes).toContain("starts at epoch 4: a resumed run");

    await withStore(async (store) => {
      const page = await runPage(store, run!.id);
      expect(page).toMatchObject({
        source: "import:deit-log",
        status: "finished",
        seed: 1,
        arch: "deit_tiny_patch16_224",
        dataset: "IMNET",
        epochsDone: 5,
        params: 5717416, // the log's n_parameters
        summary: { val: { top1: 45, top5: 65, loss: 2 } },
      });
      expect(await externalMetricHistory(store, run!.id, "val/top1")).toEqual([
        { step: 1, value: 10 },
        { step: 2, value: 20 },
        { step: 3, value: 35 },
        { step: 4, value: 50 },
        { step: 5, value: 45 },
      ]);
      // Seeds 1 and 2 (one by --seed, one from its configuration) share a recipe: one seed group.
      const seed2 = await runPage(store, second.inputs[0]!.runs[0]!.id);
      expect(seed2.recipe.hash).toBe(page.recipe.hash);
      const group = await groupSeeds(store, { recipeHash: page.recipe.hash, arch: page.arch, dataset: page.dataset });
      expect(group.seeds.map((s) => [s.seed, s.val])).toEqual([
        [1, 45],
        [2, 47],
      ]);
    });
  });

  it("imports a folder of timm runs: args.yaml gives the seed, a second header mid-file is a resume", async () => {
    const out = await importJson(...IMPORTS[3]!);
    expect(out.totals).toMatchObject({ runs: 2, created: 2, failed: 0 });
    const [a, b] = out.inputs;
    expect(a!.input).toBe(join("timm", "run-a", "summary.csv"));
    expect(a!.notes).toEqual([
      "1 repeated header line(s): the run was resumed",
      "1 epoch(s) logged twice: the later row was kept",
    ]);
    expect(a!.runs[0]).toMatchObject({
      name: "run-a",
      seed: 7,
      epochs: 3,
      final: { val: { epoch: 3, top1: 20.25 } },
      best: { val: { epoch: 3, top1: 20.25 } },
    });
    expect(b!.runs[0]).toMatchObject({ name: "run-b", seed: 8, final: { val: { epoch: 3, top1: 19.5 } } });
    await withStore(async (store) => {
      const pageA = await runPage(store, a!.runs[0]!.id);
      const pageB = await runPage(store, b!.runs[0]!.id);
      // Their args differ by the seed, the experiment name and the output folder: one recipe.
      expect(pageB.recipe.hash).toBe(pageA.recipe.hash);
      expect(pageA).toMatchObject({ arch: "resnet50", epochsDone: 3, status: "finished" });
      expect(pageA.recipe.body).toMatchObject({ config: { lr: 0.1, epochs: 3, opt_betas: [0.9, 0.999] } });
      expect(JSON.stringify(pageA.recipe.body)).not.toMatch(/experiment|output|workers/);
      expect(await externalMetricHistory(store, pageA.id, "val/top1")).toEqual([
        { step: 1, value: 1.5 },
        { step: 2, value: 9 },
        { step: 3, value: 20.25 },
      ]);
      expect(await externalMetricHistory(store, pageB.id, "lr")).toHaveLength(3);
      const group = await groupSeeds(store, {
        recipeHash: pageA.recipe.hash,
        arch: "resnet50",
        dataset: pageA.dataset,
      });
      expect(group.seeds.map((s) => [s.seed, s.val])).toEqual([
        [7, 20.25],
        [8, 19.5],
      ]);
    });
  });

  it("imports timm's result tables: one run per model and image size, in the val-vs-v2 view with its fit", async () => {
    const out = await importJson(...IMPORTS[4]!);
    const input = out.inputs[0]!;
    expect(out.study.name).toBe("imported timm-results");
    expect(input.runs.map((r) => [r.name, r.final.val?.top1, r.final.v2?.top1])).toEqual([
      ["vit_small@224", 81.4, 70.3],
      ["vit_small@384", 83.8, 74.1],
      ["resnet50@224", 80.1, 68.9],
      ["giant@336", 89, 81.9],
    ]);
    expect(input.skipped).toEqual([
      {
        what: "v2_only@224",
        reason: `only in ${join("results", "results-imagenetv2-matched-frequency.csv")}: no val row to pair it with`,
      },
    ]);
    const val = [81.4, 83.8, 80.1, 89];
    const v2 = [70.3, 74.1, 68.9, 81.9];
    const expected = fitOf(val, v2);
    expect(out.valV2Fit!.groups).toBe(4);
    expect(out.valV2Fit!.slope).toBeCloseTo(expected.slope, 9);
    expect(out.valV2Fit!.intercept).toBeCloseTo(expected.intercept, 9);
    expect(out.valV2Fit!.r).toBeCloseTo(expected.r, 9);
    await withStore(async (store) => {
      // The dashboard's own query sees the four models as four groups and fits the same line.
      const g = await generalization(store, { sweepId: out.study.id });
      expect(g.points.map((p) => [p.key.arch, p.key.dataset, p.stats.val.mean, p.stats.v2.mean]).sort()).toEqual(
        [
          ["giant", "imagenet", 89, 81.9],
          ["resnet50", "imagenet", 80.1, 68.9],
          ["vit_small", "imagenet", 81.4, 70.3],
          ["vit_small", "imagenet", 83.8, 74.1],
        ].sort(),
      );
      expect(g.fit!.slope).toBeCloseTo(expected.slope, 9);
      const giant = await runPage(store, input.runs[3]!.id);
      expect(giant).toMatchObject({ seed: 0, epochsDone: 0, summary: { val: { top1: 89, top5: 99 } } });
      expect(giant.recipe.body).toMatchObject({
        config: { model: "giant", img_size: 336, crop_pct: 1, n_parameters: 1_013_010_000, dataset: "imagenet" },
      });
    });
  });

  it("imports a generic CSV table with its columns mapped by flags", async () => {
    const out = await importJson(...IMPORTS[5]!);
    expect(out.inputs[0]!.runs.map((r) => [r.name, r.seed, r.epochs, r.final.val, r.final.v2])).toEqual([
      ["r0", 0, 2, { epoch: 2, top1: 55.25 }, { epoch: 2, top1: 51 }],
      ["r1", 1, 2, { epoch: 2, top1: 54 }, { epoch: 2, top1: 50.5 }],
    ]);
    await withStore(async (store) => {
      const study = await findExternalStudy(store, { name: "csv-seeds" });
      const runs = await listExternalRuns(store, { studyIds: [study!.id] });
      expect(
        runs.map((r) => [r.name, r.seed, r.arch, r.latestMetrics.find((m) => m.key === "val/top5")?.value]),
      ).toEqual([
        ["r1", 1, "resnet20", 79],
        ["r0", 0, "resnet20", 80],
      ]);
      expect(new Set(runs.map((r) => r.recipeHash)).size).toBe(1);
    });
  });

  it("a second import of every file reports everything unchanged and changes no row", async () => {
    const sources = ["deit-log", "timm-summary", "timm-results", "csv"].map((f) => `import:${f}`);
    const snapshot = () =>
      withStore(async (store) => ({
        counts: await tableRowCounts(store),
        rows: await Promise.all(sources.map((s) => importedRowVersions(store, s))),
      }));
    const before = await snapshot();
    expect(before.rows.flat()).toHaveLength(3 + 2 + 4 + 2);
    const again = [
      ...IMPORTS.slice(0, 4),
      [...IMPORTS[4]!, "--v2", "results/results-imagenetv2-matched-frequency.csv"],
      IMPORTS[5]!,
    ];
    for (const args of again) {
      const out = await importJson(...args);
      expect(out.totals).toMatchObject({ created: 0, updated: 0, unchanged: out.totals.runs, failed: 0 });
    }
    // The text summary says so too.
    const text = await seedscope(...IMPORTS[3]!);
    expect(text.stdout).toMatch(/2 run\(s\) from 2 input\(s\): 0 created, 0 updated, 2 unchanged, 0 skipped/);
    expect(await snapshot()).toEqual(before);
  });

  it("a log that grew (a resumed run appended epochs) updates its run in place", async () => {
    write("deit/later/log.txt", [deitLine(3, 40), deitLine(4, 42), deitLine(5, 44)].join("\n"));
    const out = await importJson(...IMPORTS[2]!);
    expect(out.totals).toMatchObject({ runs: 1, created: 0, updated: 1 });
    await withStore(async (store) => {
      const page = await runPage(store, out.inputs[0]!.runs[0]!.id);
      expect(page).toMatchObject({ epochsDone: 6, summary: { val: { top1: 44 } } });
    });
  });

  it("a bad file gives one line naming the file and line; the other files are still imported; exit 1", async () => {
    const r = await seedscope("deit-log", "bad/log.txt", "deit/later/log.txt", "--sweep", "deit-seeds");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `seedscope: ${join("bad", "log.txt")}:2: not a JSON object per line (a DeiT-style log.txt); check the format name\n`,
    );
    expect(r.stdout).toMatch(
      /1 run\(s\) from 2 input\(s\): 0 created, 0 updated, 1 unchanged, 0 skipped, 1 input\(s\) failed/,
    );
    const flag = await seedscope("deit-log", "deit/seed1/log.txt", "--seed", "one");
    expect([flag.code, flag.stderr]).toEqual([1, "seedscope: --seed must be a number (e.g. --seed 0)\n"]);
    const missing = await seedscope("timm-summary", "nowhere/");
    expect([missing.code, missing.stderr]).toEqual([1, "seedscope: nowhere/: no such file or folder\n"]);
  });
});
