import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimRun,
  createRecipe,
  findOrCreateSweep,
  finishRun,
  logMetrics,
  planSweepRuns,
  startRun,
} from "@seedscope/db";
import { openTestStore, TEST_BACKEND, type TestStore } from "@seedscope/db/testing";
import { startDashboard, type RunningDashboard } from "@seedscope/web/server";
import { expectDrawsExactly, readChart } from "./dashboard-chart-state";
import { launchChromium } from "./helpers/browser";

/** Long enough for any change to show: two polls (every 3 s) and a refetch. */
const SHOWS_WITHIN = { timeout: 15_000, interval: 250 };
/** Three poll intervals: a page still polling would ask at least twice. */
const QUIET_MS = 9_000;

const valOf = (seed: number, epoch: number) => 30 + seed * 5 + epoch;
const v2Of = (seed: number, epoch: number) => 28 + seed * 5 + epoch;
const epochPoints = (seed: number, epochs: number[]) =>
  epochs.flatMap((epoch) => [
    { key: "val/top1", step: epoch, value: valOf(seed, epoch) },
    { key: "v2/top1", step: epoch, value: v2Of(seed, epoch) },
  ]);
const finalSummary = (seed: number, epoch: number) => ({
  val: { top1: valOf(seed, epoch) },
  v2: { top1: v2Of(seed, epoch) },
});

// The dashboard runs in this process on the test's own store, so that the test writes while the page is open
// (the embedded store admits one process).
describe(`live views in headless Chromium (${TEST_BACKEND})`, () => {
  let t: TestStore;
  let dashboard: RunningDashboard;
  let browser: Browser;
  let page: Page;
  let changeRequests = 0;
  let recipeHash = "";

  beforeAll(async () => {
    t = await openTestStore();
    recipeHash = (await createRecipe(t.store, { body: { optimizer: "lamb", lr: 0.02 }, name: "live" })).hash;
    dashboard = await startDashboard({ store: t.store, port: 0, log: () => {} });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/trpc/") && url.pathname.split("/").pop()!.split(",").includes("changes"))
        changeRequests++;
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await t?.dispose();
  });

  const drawnCurve = async (key: string) =>
    (await readChart(page, `metric-${key.replaceAll("/", "-")}`)).datasets[0]!.elements.map((e) => ({
      x: e.value.x,
      y: e.value.y,
    }));
  const curve = (seed: number, epochs: number[]) => epochs.map((epoch) => ({ x: epoch, y: valOf(seed, epoch) }));

  it("a running run's page draws the epochs as they land, then stops asking once the run finished", async () => {
    const { id } = await startRun(t.store, { recipeHash, arch: "resnet8", dataset: "digits", seed: 7 });
    await logMetrics(t.store, id, epochPoints(7, [1, 2]));
    await page.goto(`${dashboard.url}/runs/${id}`);
    await expect.poll(() => drawnCurve("val/top1"), SHOWS_WITHIN).toEqual(curve(7, [1, 2]));
    await page.getByTestId("live-indicator").waitFor();

    await logMetrics(t.store, id, epochPoints(7, [3, 4]));
    await expect.poll(() => drawnCurve("val/top1"), SHOWS_WITHIN).toEqual(curve(7, [1, 2, 3, 4]));
    expectDrawsExactly(await readChart(page, "metric-val-top1"), curve(7, [1, 2, 3, 4]), "val/top1", () => true);

    await finishRun(t.store, id, { status: "finished", summary: finalSummary(7, 4), epochsDone: 4 });
    await expect.poll(() => page.getByTestId("run-status").textContent(), SHOWS_WITHIN).toMatch(/^finished/);
    await expect.poll(() => page.getByTestId("live-indicator").count(), SHOWS_WITHIN).toBe(0);
    expect(changeRequests, "change queries while the run was running").toBeGreaterThan(1);
    changeRequests = 0;
    await page.waitForTimeout(QUIET_MS);
    expect(changeRequests, "change queries after the run finished").toBe(0);
  });

  it("the seed study gains a seed that finishes while the page is open", async () => {
    const sweep = await findOrCreateSweep(t.store, { plan: { live: "study" }, launchedBy: "test" });
    const [first, second] = await planSweepRuns(
      t.store,
      sweep.id,
      [0, 1].map((seed) => ({ recipeHash, arch: "resnet8", dataset: "digits", seed })),
    );
    for (const runId of [first!, second!])
      expect(await claimRun(t.store, runId, "test", 60_000)).toMatchObject({ kind: "fresh" });
    await logMetrics(t.store, first!, epochPoints(0, [1, 2]));
    await finishRun(t.store, first!, { status: "finished", summary: finalSummary(0, 2), epochsDone: 2 });
    await logMetrics(t.store, second!, epochPoints(1, [1]));

    // withref=1: seed 0 counted in the statistics (by default it is the held-out reference).
    await page.goto(`${dashboard.url}/sweeps/${sweep.id}?withref=1`);
    const seeds = () => page.getByTestId("summary-val").locator('[data-stat="n"]').textContent();
    await expect.poll(seeds, SHOWS_WITHIN).toBe("1");
    await page.getByTestId("live-indicator").waitFor();
    expectDrawsExactly(await readChart(page, "cloud"), [{ x: valOf(0, 2), y: v2Of(0, 2) }], "cloud with seed 0");

    await logMetrics(t.store, second!, epochPoints(1, [2]));
    await finishRun(t.store, second!, { status: "finished", summary: finalSummary(1, 2), epochsDone: 2 });
    await expect.poll(seeds, SHOWS_WITHIN).toBe("2");
    expectDrawsExactly(
      await readChart(page, "cloud"),
      [0, 1].map((seed) => ({ x: valOf(seed, 2), y: v2Of(seed, 2) })),
      "cloud with seeds 0 and 1",
    );
    await expect.poll(() => page.getByTestId("live-indicator").count(), SHOWS_WITHIN).toBe(0);
    expect(await page.getByTestId("sweep-status").textContent()).toMatch(/^2 runs: 2 finished, 0 running, 0 queued/);
  });
});
