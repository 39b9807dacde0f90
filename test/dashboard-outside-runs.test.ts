import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { inferRouterOutputs } from "@trpc/server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_BACKEND } from "@seedscope/db/testing";
import { summarize } from "@seedscope/stats";
import type { AppRouter } from "@seedscope/web/server";
import { apiQuery } from "./dashboard-api";
import { expectDrawsExactly, readChart } from "./dashboard-chart-state";
import { launchChromium } from "./helpers/browser";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { type StartedCli, startCliDashboard } from "./helpers/cli";
import { type OutsideFixture, storeOutsideRuns } from "./helpers/outside-runs";

type Api = inferRouterOutputs<AppRouter>;

const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
const VIEWPORT = { width: 1440, height: 1000 };
const fmt = (x: number) => x.toFixed(2);

/*
 * Runs trained outside seedscope (three seeds of one configuration, one run of it without a seed, one run
 * of another learning rate), stored as `seedscope import` and the client store them, then read in headless
 * Chromium: each page against what the dashboard's API returned and what the runs logged.
 */
describe(`dashboard in headless Chromium on runs from outside seedscope (${TEST_BACKEND})`, () => {
  const cli = useCliEnvironment("dashboard-outside");
  let fixture: OutsideFixture;
  let dashboard: StartedCli | null = null;
  let url = "";
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Stored before the dashboard opens the store (the embedded store admits one process).
    fixture = await withCliStore(cli, (store) => storeOutsideRuns(store));
    ({ dashboard, url } = await startCliDashboard(cli.env));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    dashboard?.child.kill("SIGINT");
    if (dashboard) expect(await dashboard.exit).toBe(0);
  });

  const shot = (name: string) =>
    page.screenshot({ path: `${ARTIFACTS}dashboard-outside-${name}-${TEST_BACKEND}.png`, fullPage: true });
  const run = (name: string) => fixture.runs.find((r) => r.name === name)!;
  const seeded = () => fixture.runs.filter((r) => r.seed !== null && r.params.lr === "0.001");

  it("runs: source and name shown, a seedless run's seed is —, the source filter narrows the table", async () => {
    const api = await apiQuery<Api["runs"]["list"]>(url, "runs.list", { limit: 50 });
    expect(api.total).toBe(fixture.runs.length);
    await page.goto(`${url}/runs`);
    await expect.poll(() => page.getByTestId("run-total").textContent()).toBe(`${fixture.runs.length} runs match`);
    const table = page.getByTestId("run-table");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(fixture.runs.length);
    for (const row of api.rows) {
      const tr = table.locator(`tr[data-run-id="${row.id}"]`);
      expect(await tr.locator('[data-col="seed"]').textContent(), `run ${row.id} seed`).toBe(
        row.seed === null ? "—" : String(row.seed),
      );
      expect(await tr.locator('[data-col="source"]').textContent()).toBe(row.source);
      expect(await tr.locator('[data-col="name"]').textContent()).toBe(row.name);
    }
    const seedless = run("no-seed");
    expect(api.rows.find((r) => r.id === seedless.id)!.seed).toBeNull();
    expect(await table.locator(`tr[data-run-id="${seedless.id}"] [data-col="seed"]`).textContent()).toBe("—");
    expect(api.rows.map((r) => r.source)).toEqual(fixture.runs.map(() => fixture.source));
    await shot("runs");

    await page.locator('select[name="source"]').selectOption(fixture.source);
    await expect.poll(() => page.url()).toContain(`source=${encodeURIComponent(fixture.source)}`);
    await expect.poll(() => page.getByTestId("run-total").textContent()).toBe(`${fixture.runs.length} runs match`);
    await page.goto(`${url}/runs?source=seedscope`);
    await expect.poll(() => page.getByTestId("run-total").textContent()).toBe("0 runs match");
  });

  it("run page: the parameters as logged and the tags as tables, the source and name; metric charts as the API says", async () => {
    const logged = run("seed-0");
    const api = await apiQuery<Api["runs"]["get"]>(url, "runs.get", { id: logged.id });
    expect(api.external?.params).toEqual(
      Object.keys(logged.params)
        .sort()
        .map((name) => ({ name, value: logged.params[name] })),
    );
    await page.goto(`${url}/runs/${logged.id}`);
    const params = page.getByTestId("run-params");
    await params.waitFor();
    const rows = await params
      .locator("tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute("data-param"), tr.querySelector('[data-col="value"]')?.textContent]),
      );
    expect(rows).toEqual(
      Object.keys(logged.params)
        .sort()
        .map((name) => [name, String(logged.params[name])]),
    );
    const tags = await page
      .getByTestId("run-tags")
      .locator("tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute("data-tag"), tr.querySelector('[data-col="value"]')?.textContent]),
      );
    expect(tags).toEqual(Object.entries(logged.tags).sort());
    expect(await page.getByTestId("run-source").textContent()).toBe(fixture.source);
    expect(await page.getByTestId("run-name").textContent()).toBe(logged.name);
    expect(await page.getByTestId("run-seed").textContent()).toBe("0");
    // No seedscope recipe tree, no training environment for a run trained elsewhere.
    expect(await page.getByTestId("recipe-json").count()).toBe(0);
    const metrics = await apiQuery<Api["runs"]["metrics"]>(url, "runs.metrics", { id: logged.id });
    expect(metrics.map((m) => m.key)).toEqual(["train/loss", "v2/top1", "val/top1"]);
    expect(metrics.find((m) => m.key === "val/top1")!.points.map((p) => p.y)).toEqual(logged.val);
    for (const m of metrics) {
      const state = await readChart(page, `metric-${m.key.replaceAll("/", "-")}`);
      expectDrawsExactly(state, m.points, `run ${logged.id} ${m.key}`, () => true);
    }
    await shot("run");

    await page.goto(`${url}/runs/${run("no-seed").id}`);
    await expect.poll(() => page.getByTestId("run-seed").textContent()).toContain("—");
    expect(
      await page
        .getByTestId("run-params")
        .locator("tbody tr")
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-param"))),
    ).toEqual(["data_set", "epochs", "lr", "model"]);
  });

  it("seed study: the study's source instead of a plan; the seeds' numbers as the API and the runs say; the seedless run left out, with a note", async () => {
    const hash = (await apiQuery<Api["runs"]["get"]>(url, "runs.get", { id: run("seed-0").id })).recipe.hash;
    const group = { recipeHash: hash, arch: "deit_tiny", dataset: "IMNET" };
    const study = await apiQuery<Api["sweeps"]["study"]>(url, "sweeps.study", { sweepId: fixture.studyId, group });
    expect(study.sweep.source).toBe(fixture.source);
    expect(study.sweep.withoutSeed).toBe(1);
    // Seed 0 is the reference: held out of the statistics it is compared with (thesis §6.3.4).
    const finals = seeded()
      .filter((r) => r.seed !== 0)
      .map((r) => r.val.at(-1)!);
    const expected = summarize(finals);
    const val = study.splits.find((s) => s.split === "val")!.summary;
    expect([val.n, val.mean, val.std]).toEqual([2, expected.mean, expected.std]);
    expect(study.cloud.points.map((p) => p.seed)).toEqual([0, 1, 2]);

    await page.goto(`${url}/sweeps/${fixture.studyId}?group=${encodeURIComponent(`${hash}|deit_tiny|IMNET`)}`);
    await page.getByTestId("seed-summary").waitFor();
    expect(await page.getByTestId("study-source").textContent()).toContain(`From ${fixture.source}`);
    expect(await page.getByTestId("seedless-note").textContent()).toBe("1 run without a seed not shown. ");
    for (const { split, summary } of study.splits) {
      const row = page.getByTestId(`summary-${split}`);
      expect(await row.locator('[data-stat="n"]').textContent(), split).toBe(String(summary.n));
      expect(await row.locator('[data-stat="mean"]').textContent(), split).toBe(fmt(summary.mean));
      expect(await row.locator('[data-stat="std"]').textContent(), split).toBe(fmt(summary.std));
    }
    expect(await page.getByTestId("summary-val").locator('[data-stat="mean"]').textContent()).toBe(fmt(expected.mean));
    const cloud = await readChart(page, "cloud");
    expectDrawsExactly(
      cloud,
      study.cloud.points.map((p) => ({ x: p.val, y: p.v2 })),
      "val-vs-v2 cloud",
    );
    await shot("study");
  });

  it("recipes: both external configurations listed; their diff lists the one parameter that differs", async () => {
    const a = (await apiQuery<Api["runs"]["get"]>(url, "runs.get", { id: run("seed-0").id })).recipe.hash;
    const b = (await apiQuery<Api["runs"]["get"]>(url, "runs.get", { id: run("lr-0.002").id })).recipe.hash;
    await page.goto(`${url}/recipes?refs=${a},${b}`);
    await page.getByTestId("recipe-list").waitFor();
    expect(await page.getByTestId("recipe-list").locator("tbody tr").count()).toBe(2);
    const diff = page.getByTestId("recipe-diff");
    await diff.waitFor();
    const fields = await diff.locator("tbody tr").evaluateAll((trs) =>
      trs.map((tr) => [
        tr.getAttribute("data-field"),
        ...Array.from(tr.querySelectorAll("td"))
          .slice(1)
          .map((td) => td.textContent),
      ]),
    );
    expect(fields).toEqual([["lr", "0.001", "0.002"]]);
    expect(await diff.locator("thead th").allTextContents()).toEqual([
      "Field",
      "external · lr=0.001",
      "external · lr=0.002",
    ]);
    await shot("recipes");
  });

  it("overview and sweeps: outside runs counted by source, the study listed with its source", async () => {
    await page.goto(url);
    await expect.poll(() => page.getByTestId("count-runs").textContent()).toBe(String(fixture.runs.length));
    expect(await page.getByTestId("count-outside-studies").textContent()).toBe("1");
    expect(await page.getByTestId("count-sweeps").textContent()).toBe("0");
    expect(await page.getByTestId("run-sources").textContent()).toBe(
      `Runs by source: ${fixture.source} ${fixture.runs.length} (1 without a seed, outside the seed statistics)`,
    );
    await page.goto(`${url}/sweeps`);
    const row = page.getByTestId("sweep-table").locator("tbody tr");
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('[data-col="source"]').textContent()).toBe(`${fixture.source} study`);
    expect(await row.locator("td").nth(1).textContent()).toBe(fixture.studyName);
    await shot("overview");
  });
});
