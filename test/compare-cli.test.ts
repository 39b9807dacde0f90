import { describe, expect, it, beforeAll } from "vitest";
import { commitEpoch, createRecipe, finishRun, startRun } from "@seedscope/db";
import { applyOverrides, getRecipe } from "@seedscope/recipes";
import { compareGroups } from "@seedscope/stats";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { runCli } from "./helpers/cli";

// Two recipes × 6 seeds with a clear val difference and none on v2, stored through the run-logging API.
const VAL_A = [71.2, 71.5, 71.0, 71.4, 71.3, 71.6];
const VAL_B = [70.8, 70.9, 70.6, 71.0, 70.7, 70.9];
const V2_A = [60.1, 60.6, 59.8, 60.4, 60.0, 60.9];
const V2_B = [60.0, 60.5, 59.9, 60.2, 60.3, 60.6];

describe("seedscope compare", () => {
  const cli = useCliEnvironment("compare");

  beforeAll(async () => {
    await withCliStore(cli, async (store) => {
      for (const [name, val, v2] of [
        ["fast", VAL_A, V2_A],
        ["slow", VAL_B, V2_B],
      ] as const) {
        const body = applyOverrides(getRecipe("a2"), [`optimizer.lr=${name === "fast" ? 0.02 : 0.01}`]);
        const { hash } = await createRecipe(store, { body, name });
        for (let seed = 0; seed < val.length; seed++) {
          const { id } = await startRun(store, { recipeHash: hash, arch: "resnet8", dataset: "digits", seed });
          await commitEpoch(store, id, null, {
            epochsDone: 1,
            points: [{ key: "val/top1", step: 1, value: val[seed]! }],
            checkpoint: new Uint8Array([0]),
          });
          await finishRun(store, id, {
            status: "finished",
            summary: { val: { top1: val[seed]! }, v2: { top1: v2[seed]! } },
          });
        }
      }
    });
  }, 120_000);

  it("prints the tests per split and a verdict that names the winner on val only", async () => {
    const result = await runCli(["compare", "fast:resnet8", "slow:resnet8", "--resamples", "500"], cli.env);
    expect(result.code, result.stderr).toBe(0);
    const val = compareGroups(VAL_A, VAL_B, { resamples: 500 });
    expect(result.stdout).toContain("A = fast · resnet8 · digits  (6 seeds)");
    expect(result.stdout).toContain(val.welch.t.toFixed(3));
    expect(result.stdout).toContain(val.effect.hedgesG.toFixed(2));
    expect(result.stdout).toMatch(
      /^A beats B on val \(Δ = \+0\.52, p [=<] [\d.]+, g = [\d.]+, P\(A > B\) = [\d.]+\); on v2 the difference is not significant/m,
    );
    expect(result.stdout).toContain("Methods: Final top-1 of n_A = 6 and n_B = 6 seeds");
  });

  it("gives full precision with --json", async () => {
    const result = await runCli(
      ["compare", "fast:resnet8:digits", "slow:resnet8", "--json", "--resamples", "500", "--seed", "3"],
      cli.env,
    );
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as {
      splits: { split: string; comparison: { welch: { pValue: number }; probability: { seed: number } } }[];
    };
    const v2 = compareGroups(V2_A, V2_B, { resamples: 500, seed: 3 });
    expect(json.splits[1]!.comparison.welch.pValue).toBe(v2.welch.pValue);
    expect(json.splits[1]!.comparison.probability.seed).toBe(3);
  });

  it("says how to write a group it cannot read", async () => {
    const bad = await runCli(["compare", "fast", "slow:resnet8"], cli.env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/groupA "fast" must read RECIPE:ARCH or RECIPE:ARCH:DATASET/);
    const none = await runCli(["compare", "fast:vit-tiny", "slow:resnet8"], cli.env);
    expect(none.stderr).toMatch(/groupA "fast:vit-tiny" has no finished run/);
    expect(none.stderr).not.toMatch(/\s+at /);
  });
});
