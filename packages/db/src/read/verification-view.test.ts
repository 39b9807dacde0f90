import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore, TEST_BACKEND, type TestStore } from "../testing";
import { recordVerification, type Verification } from "../verification";
import { buildDashboardFixture, type DashboardFixture } from "./dashboard-fixture";
import { runList } from "./run-list";
import { runVerification, verificationCounts, verifiedBadges } from "./verification-view";

function verdict(original: number, v: Verification["verdict"]): Verification {
  return {
    verdict: v,
    original,
    epochs: 1,
    compared: 10,
    differing: v === "differs" ? 2 : 0,
    firstDivergence: v === "differs" ? { key: "val/loss", step: 1, original: 1, rerun: 1.5 } : null,
    maxAbsDelta: v === "differs" ? { "val/loss": 0.5 } : {},
    fingerprintDifferences: v === "differs" ? [{ field: "backend", original: "wasm", rerun: "cpu" }] : [],
    forced: null,
  };
}

describe(`verified runs: badges, a run's verdicts, counts per sweep (${TEST_BACKEND})`, () => {
  let t: TestStore;
  let f: DashboardFixture;
  beforeAll(async () => {
    t = await openTestStore();
    f = await buildDashboardFixture(t.store);
  }, 120_000);
  afterAll(() => t?.dispose());

  it("counts a run by its newest verdict, per sweep and overall; badges and the run's own view agree", async () => {
    // Runs of the fixture stand in for reruns: the first two are reruns of the third, the running run of the failed one.
    const [r1, r2, original] = f.childRunIds;
    const r4 = f.runningId;
    await recordVerification(t.store, r1!, verdict(original!, "differs"));
    expect(await verificationCounts(t.store, f.sweepId)).toEqual({ verified: 1, bitIdentical: 0, differing: 1 });
    await recordVerification(t.store, r2!, verdict(original!, "bit-identical"));
    await recordVerification(t.store, r4, verdict(f.failedId, "differs"));
    // Run `original` (in the sweep): newest verdict bit-identical; the failed run has no sweep.
    expect(await verificationCounts(t.store, f.sweepId)).toEqual({ verified: 1, bitIdentical: 1, differing: 0 });
    expect(await verificationCounts(t.store)).toEqual({ verified: 2, bitIdentical: 1, differing: 1 });
    expect(await verificationCounts(t.store, f.sweepId + 1000)).toEqual({ verified: 0, bitIdentical: 0, differing: 0 });

    const badges = await verifiedBadges(t.store, [original!, r1!, r2!, f.failedId]);
    expect(badges.get(original!)).toEqual({ role: "original", verdict: "bit-identical", other: r2 });
    expect(badges.get(r1!)).toEqual({ role: "rerun", verdict: "differs", other: original });
    expect(badges.get(f.failedId)).toEqual({ role: "original", verdict: "differs", other: r4 });
    expect(badges.size).toBe(4);

    const view = await runVerification(t.store, original!);
    expect(view.rerunOf).toBeNull();
    expect(view.reruns.map((r) => [r.rerunId, r.verification?.verdict])).toEqual(
      [
        [r1, "differs"],
        [r2, "bit-identical"],
      ].sort((a, b) => Number(b[0]) - Number(a[0])),
    );
    expect((await runVerification(t.store, r1!)).rerunOf).toEqual({
      original,
      verification: verdict(original!, "differs"),
    });
    const listed = await runList(t.store, { limit: 100 });
    expect(listed.rows.find((r) => r.id === r2)?.verified).toEqual({
      role: "rerun",
      verdict: "bit-identical",
      other: original,
    });
    const involved = new Set([original, r1, r2, r4, f.failedId]);
    const others = listed.rows.filter((r) => !involved.has(r.id));
    expect(others.length).toBeGreaterThan(0);
    expect(others.map((r) => r.verified)).toEqual(others.map(() => null));
  });
});
