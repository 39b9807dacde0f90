import { describe, expect, it } from "vitest";
import { setRunEnvironmentField } from "@seedscope/db/testing";
import { rerunsOf, type Verification } from "@seedscope/db";
import { runCli } from "./helpers/cli";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { TINY_DEIT3, tinyRun } from "./helpers/tiny-run";

/** A run's id from `seedscope run`'s output ("run 3 …"). */
function runIdOf(output: string): number {
  const match = /\brun (\d+)\b/.exec(output);
  if (!match) throw new Error(`no run id in: ${output}`);
  return Number(match[1]);
}

async function verdictOf(cli: ReturnType<typeof useCliEnvironment>, original: number): Promise<Verification> {
  const reruns = await withCliStore(cli, (store) => rerunsOf(store, original));
  expect(reruns[0]?.verification, `a verdict for run ${original}`).toBeTruthy();
  return reruns[0]!.verification!;
}

describe("reproducibility verified: rerun, verify and diff", { timeout: 600_000 }, () => {
  const cli = useCliEnvironment("verify");

  it("a rerun of a finished run is bit-identical and recorded; one on another backend (--epochs 1) differs, and says where", async () => {
    const first = await runCli(tinyRun(2, 0), cli.env);
    expect(first.code, first.stderr).toBe(0);
    const original = runIdOf(first.stdout + first.stderr);
    const full = await runCli(["rerun", String(original)], cli.env);
    expect(full.code, full.stderr + full.stdout).toBe(0);
    expect(full.stdout).toMatch(
      new RegExp(`re-executed run ${original}: bit-identical \\(\\d+ metric points over 2 epoch`),
    );
    const verdict = await verdictOf(cli, original);
    expect([verdict.verdict, verdict.epochs, verdict.differing, verdict.fingerprintDifferences]).toEqual([
      "bit-identical",
      2,
      0,
      [],
    ]);
    expect(verdict.compared).toBeGreaterThan(10);

    // Another backend computes in another order: recorded as differing, with where and by how much.
    const other = await runCli(["rerun", String(original), "--epochs", "1", "--backend", "cpu"], cli.env);
    expect(other.code, other.stderr).toBe(1);
    expect(other.stdout).toMatch(/differs: \d+ of \d+ metric points/);
    const crossed = await verdictOf(cli, original);
    expect([crossed.verdict, crossed.epochs]).toEqual(["differs", 1]);
    expect(crossed.compared).toBeLessThan(verdict.compared);
    expect(crossed.firstDivergence).not.toBeNull();
    expect(crossed.firstDivergence!.key).toMatch(/^(train|val|v2|lr)/);
    expect(Object.values(crossed.maxAbsDelta).some((d) => d !== null && d > 0)).toBe(true);
    expect(crossed.fingerprintDifferences.map((d) => d.field)).toContain("backend");

    // diff names exactly what differs between the original and its cross-backend rerun.
    const rerunId = (await withCliStore(cli, (s) => rerunsOf(s, original)))[0]!.id;
    const diff = await runCli(["diff", String(original), `run:${rerunId}`], cli.env);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/recipe: identical/);
    expect(diff.stdout).toMatch(/│ backend\s+│ "wasm"\s+│ "cpu"/);
    expect(diff.stdout).toMatch(/metrics: \d+ of \d+ points of run \d+ differ/);
  });

  it("refuses a rerun whose data no longer matches, naming the field, and reruns it anyway with --force", async () => {
    const made = await runCli(tinyRun(1, 1), cli.env);
    expect(made.code, made.stderr).toBe(0);
    const original = runIdOf(made.stdout + made.stderr);
    // As if the partition had changed since: the recorded fingerprint of the train split no longer matches.
    await withCliStore(cli, (store) => setRunEnvironmentField(store, original, ["data", "splits", "train"], "0000"));
    const refused = await runCli(["rerun", String(original)], cli.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cannot be reproduced as recorded: the dataset differs \(data\.splits\.train\)/);
    expect(await withCliStore(cli, (store) => rerunsOf(store, original))).toEqual([]);
    const forced = await runCli(["rerun", String(original), "--force"], cli.env);
    expect(forced.stdout).toMatch(/forced despite: the dataset differs/);
    expect((await verdictOf(cli, original)).forced).toMatch(/data\.splits\.train/);
  });

  it("verify reruns a seeded sample of a sweep and records every verdict", async () => {
    const sweep = await runCli(
      ["sweep", ...TINY_DEIT3, "--seeds", "0-1", "--epochs", "1", "--name", "to verify"],
      cli.env,
    );
    expect(sweep.code, sweep.stderr).toBe(0);
    const sweepId = Number(/sweep (\d+)/.exec(sweep.stdout + sweep.stderr)![1]);
    const verified = await runCli(["verify", String(sweepId), "--sample", "2", "--epochs", "1"], cli.env);
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    expect(verified.stdout.match(/^run \d+: bit-identical/gm)).toHaveLength(2);
    expect(verified.stdout).toMatch(/2\/2 reproduced bit-identically/);
  });
});
