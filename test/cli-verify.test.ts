import { describe, expect, it } from "vitest";
import { rerunsOf, type Verification } from "@seedscope/db";
import { findRuns, findSweepId, setRunEnvironmentField } from "@seedscope/db/testing";
import { runCli } from "./helpers/cli";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { TINY_DEIT3 } from "./helpers/tiny-run";

async function verdictOf(cli: ReturnType<typeof useCliEnvironment>, original: number): Promise<Verification> {
  const reruns = await withCliStore(cli, (store) => rerunsOf(store, original));
  expect(reruns[0]?.verification, `a verdict for run ${original}`).toBeTruthy();
  return reruns[0]!.verification!;
}

/*
 * `verify` and `rerun`'s refusals on one tiny sweep. A bit-identical rerun, one across backends and `diff`
 * are checked in test/dashboard-verification.test.ts, on the runs its pages show.
 */
describe("reproducibility verified: verify a sweep, refuse what cannot be reproduced", { timeout: 600_000 }, () => {
  const cli = useCliEnvironment("verify");
  let runs: number[] = [];

  it("verify reruns a seeded sample of a sweep and records every verdict", async () => {
    const sweep = await runCli(
      ["sweep", ...TINY_DEIT3, "--seeds", "0-1", "--epochs", "1", "--name", "to verify"],
      cli.env,
    );
    expect(sweep.code, sweep.stderr).toBe(0);
    const sweepId = (await withCliStore(cli, (store) => findSweepId(store, "to verify")))!;
    runs = (await withCliStore(cli, (store) => findRuns(store, { sweepId }))).map((r) => r.id).sort((a, b) => a - b);
    expect(runs).toHaveLength(2);
    const verified = await runCli(["verify", String(sweepId), "--sample", "2", "--epochs", "1"], cli.env);
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    expect(verified.stdout.match(/^run \d+: bit-identical/gm)).toHaveLength(2);
    expect(verified.stdout).toMatch(/2\/2 reproduced bit-identically/);
    for (const id of runs) expect((await verdictOf(cli, id)).verdict).toBe("bit-identical");
  });

  it("refuses a rerun whose data no longer matches, naming the field, and reruns it anyway with --force", async () => {
    const original = runs[0]!;
    // As if the partition had changed since: the recorded fingerprint of the train split no longer matches.
    await withCliStore(cli, (store) => setRunEnvironmentField(store, original, ["data", "splits", "train"], "0000"));
    const before = (await withCliStore(cli, (store) => rerunsOf(store, original))).length;
    const refused = await runCli(["rerun", String(original)], cli.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cannot be reproduced as recorded: the dataset differs \(data\.splits\.train\)/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(await withCliStore(cli, (store) => rerunsOf(store, original))).toHaveLength(before);
    const forced = await runCli(["rerun", String(original), "--force"], cli.env);
    expect(forced.stdout).toMatch(/forced despite: the dataset differs/);
    expect((await verdictOf(cli, original)).forced).toMatch(/data\.splits\.train/);
  });
});
