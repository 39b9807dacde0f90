import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { inferRouterOutputs } from "@trpc/server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishedRunsForDashboard, TEST_BACKEND } from "@seedscope/db/testing";
import {
  adjustPValues,
  compareGroups,
  effectSize,
  interquartileMean,
  methodsSentence,
  shapiroWilk,
  summarize,
  summarizeSeeds,
  verdict,
  welchTTest,
} from "@seedscope/stats";
import type { AppRouter } from "@seedscope/web/server";
import { apiQuery, apiUrl } from "./dashboard-api";
import {
  expectAllInside,
  expectDrawsExactly,
  expectHistogramBars,
  expectOverlaidHistogramBars,
  readChart,
  type ChartState,
} from "./dashboard-chart-state";
import { launchChromium } from "./helpers/browser";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { runCli, type StartedCli, startCliDashboard } from "./helpers/cli";

type Api = inferRouterOutputs<AppRouter>;
type Study = Api["sweeps"]["study"];

const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
// A real sweep, small enough for CI: two learning rates (two recipes derived from a2) × two architectures × 3 seeds.
// The demo's milder crop lets resnet8 learn in two epochs, so that val and v2 differ and seeds spread.
const BASE = [
  "--recipe",
  "a2",
  "--train-size",
  "300",
  "--backend",
  "wasm",
  "--set",
  "resolution=12",
  "--set",
  "batchSize=50",
  "--set",
  "lrScaling.rule=none",
  "--set",
  'augment.crop={"kind":"rrc","scale":[0.35,1],"ratio":[0.75,1.3333]}',
];
const SWEEP = [...BASE, "--arch", "resnet8,resmlp-s", "--seeds", "0-2", "--set", "epochs=2"];
// A degenerate study, cheap: one seed, one epoch, a learning rate that learns nothing (the run finishes at
// chance and is flagged collapsed). Nothing can be estimated from it, and its matrix pairs are untestable.
const DEGENERATE = [
  ...BASE,
  "--arch",
  "resnet8",
  "--seeds",
  "1",
  "--set",
  "epochs=1",
  "--set",
  "optimizer.lr=0.000001",
  "--name",
  "degenerate",
];
const LRS = ["0.02", "0.01"] as const;
const VIEWPORT = { width: 1440, height: 1000 };
/** Compact recipe labels are at most 40 characters; a clash between two adds " #" and 6 hex digits. */
const LABEL_MAX = 48;

interface StoredRun {
  id: number;
  sweepId: number;
  seed: number;
  arch: string;
  recipeHash: string;
  recipeName: string;
  valTop1: number;
  v2Top1: number;
  params: number;
  collapsed: boolean;
  peakMemoryMb: number | null;
  peakTensorMb: number | null;
}

const fmt = (x: number) => x.toFixed(2);
const meanStd = (xs: number[]) => {
  const s = summarize(xs);
  return Number.isFinite(s.std) ? `${fmt(s.mean)} ± ${fmt(s.std)}` : fmt(s.mean);
};
const pText = (p: number) => (p < 0.001 ? "<0.001" : p.toFixed(3));

describe(`dashboard in headless Chromium, on a store filled by a real sweep (${TEST_BACKEND})`, () => {
  const cli = useCliEnvironment("dashboard");
  let runs: StoredRun[] = [];
  let dashboard: StartedCli | null = null;
  let url = "";
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const lr of LRS) {
      const sweep = await runCli(["sweep", ...SWEEP, "--set", `optimizer.lr=${lr}`, "--name", `lr ${lr}`], cli.env);
      expect(sweep.code, sweep.stderr).toBe(0);
    }
    const degenerate = await runCli(["sweep", ...DEGENERATE], cli.env);
    expect(degenerate.code, degenerate.stderr).toBe(0);
    // Read what the dashboard should show before it opens the store (the embedded store admits one process).
    runs = (await withCliStore(cli, finishedRunsForDashboard)).map((r) => ({
      ...r,
      sweepId: r.sweepId!,
      seed: r.seed!,
      recipeName: r.recipeName!,
      valTop1: r.valTop1!,
      v2Top1: r.v2Top1!,
      params: r.params!,
    }));
    expect(runs).toHaveLength(13);
    ({ dashboard, url } = await startCliDashboard(cli.env));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
  }, 1_800_000);

  afterAll(async () => {
    await browser?.close();
    dashboard?.child.kill("SIGINT");
    if (dashboard) expect(await dashboard.exit).toBe(0);
  });

  const shot = (name: string) =>
    page.screenshot({ path: `${ARTIFACTS}dashboard-${name}-${TEST_BACKEND}.png`, fullPage: true });
  const group = (lr: string, arch: string) =>
    runs.filter((r) => r.recipeName.includes(`optimizer.lr=${lr}`) && r.arch === arch);
  const vals = (rows: StoredRun[], split: "valTop1" | "v2Top1") => rows.map((r) => r[split]);
  const degenerateRun = () => runs.find((r) => r.recipeName.includes("optimizer.lr=0.000001"))!;
  const hashOf = (lr: string) => group(lr, "resnet8")[0]!.recipeHash;

  /** The page never scrolls sideways at 1,440 px, and no drop-down is wider than a column of the page. */
  async function expectFitsViewport(view: string) {
    const { scroll, inner, widestSelect } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
      widestSelect: Math.max(
        0,
        ...Array.from(document.querySelectorAll("select")).map((s) => s.getBoundingClientRect().width),
      ),
    }));
    expect(scroll, `${view}: page width`).toBeLessThanOrEqual(inner);
    expect(widestSelect, `${view}: widest drop-down (px)`).toBeLessThanOrEqual(600);
  }

  /** Every recipe label on the page is compact and carries the full name as its tooltip. */
  async function expectCompactLabels(view: string, scope: string) {
    const labels = await page
      .locator(`${scope} .trunc`)
      .evaluateAll((els) => els.map((e) => ({ text: e.textContent ?? "", title: e.getAttribute("title") ?? "" })));
    for (const label of labels) {
      expect(label.text.length, `${view}: label "${label.text}"`).toBeLessThanOrEqual(LABEL_MAX);
      expect(label.title.length, `${view}: tooltip of "${label.text}"`).toBeGreaterThan(0);
    }
  }

  it("overview: counts, the three sweeps and the collapsed runs", async () => {
    await page.goto(url);
    await expect.poll(() => page.getByTestId("count-runs").textContent()).toBe("13");
    await expect.poll(() => page.getByTestId("sweep-table").locator("tbody tr").count()).toBe(3);
    const collapsed = runs.filter((r) => r.collapsed).length;
    expect(collapsed, "the degenerate run at least collapsed").toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId("count-collapsed").textContent()).toBe(String(collapsed));
    const perSweep = await page.getByTestId("sweep-table").locator('[data-stat="collapsed"]').allTextContents();
    expect(perSweep.map(Number).reduce((a, b) => a + b, 0)).toBe(collapsed);
    await expectFitsViewport("overview");
    await shot("overview");
  });

  it("runs: filters, sorting and the total by the server; collapsed runs flagged beside 'finished'; compact recipe names", async () => {
    await page.goto(`${url}/runs`);
    await expect.poll(() => page.getByTestId("run-total").textContent()).toBe("13 runs match");
    const table = page.getByTestId("run-table");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(13);
    for (const run of runs) {
      const status = table.locator(`tr[data-run-id="${run.id}"] [data-col="status"]`);
      expect(await status.textContent(), `run ${run.id}`).toBe(run.collapsed ? "finished collapsed" : "finished");
      expect(await status.getByTestId("collapsed-badge").count(), `run ${run.id} badge`).toBe(run.collapsed ? 1 : 0);
    }
    await expectCompactLabels("runs", '[data-testid="run-table"]');
    const first = table.locator(`tr[data-run-id="${runs[0]!.id}"] .trunc`);
    expect(await first.getAttribute("title")).toContain(runs[0]!.recipeName);
    await expectFitsViewport("runs");
    const compareLink = table.locator(`tr[data-run-id="${runs[0]!.id}"] a[href^="/compare"]`);
    expect(new URL((await compareLink.getAttribute("href")) ?? "", url).searchParams.get("a")).toBe(
      `${runs[0]!.recipeHash}|${runs[0]!.arch}|digits`,
    );
    await shot("runs");

    await page.locator('select[name="arch"]').selectOption("resmlp-s");
    await expect.poll(() => page.getByTestId("run-total").textContent()).toBe("6 runs match");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(6);
    await page.getByRole("button", { name: "Val top-1 (%)" }).click();
    const best = Math.max(...runs.filter((r) => r.arch === "resmlp-s").map((r) => r.valTop1));
    await expect
      .poll(() => table.locator("tbody tr").first().locator('[data-col="val"]').textContent())
      .toBe(fmt(best));
    await page.getByRole("button", { name: "Val top-1 (%)" }).click();
    const worst = Math.min(...runs.filter((r) => r.arch === "resmlp-s").map((r) => r.valTop1));
    await expect
      .poll(() => table.locator("tbody tr").first().locator('[data-col="val"]').textContent())
      .toBe(fmt(worst));
    expect(page.url()).toContain("arch=resmlp-s");
  });

  /** The seed study's four charts against what sweeps.study returned for the same group. */
  async function expectStudyCharts(study: Study, what: string) {
    const n = study.splits[0]!.summary.n;
    // Histogram: one bar per bin, each spanning exactly its bin; a Gaussian only from 3 seeds on.
    const histogram = await readChart(page, "histogram");
    expectHistogramBars(
      histogram,
      study.histogram!.histogram.edges,
      study.histogram!.histogram.counts,
      `${what} histogram`,
    );
    const note = await page.getByTestId("chart-histogram").locator(".chart-note").textContent();
    if (n >= 3) {
      expect(
        histogram.datasets.some((d) => d.label === "Gaussian fit"),
        `${what}: Gaussian drawn`,
      ).toBe(true);
      expect(note).toMatch(/^Gaussian fit: μ = /);
    } else {
      expect(
        histogram.datasets.some((d) => d.label === "Gaussian fit"),
        `${what}: no Gaussian with n = ${n}`,
      ).toBe(false);
      expect(note).toContain(`n = ${n}: too few seeds to estimate a spread`);
    }
    // Epoch bands: every value of every band inside the plot, one mean point per epoch and split.
    const epochs = await readChart(page, "epochs");
    expectAllInside(epochs, `${what} epochs`);
    for (const series of study.epochs) {
      const mean = epochs.datasets.find((d) => d.label === `${series.split} mean`)!;
      expectDrawsExactly(
        epochs,
        series.points.map((p) => ({ x: p.epoch, y: p.mean })),
        `${what} ${series.split} mean`,
        (d) => d === mean,
      );
    }
    // Epoch k vs final: every seed, or a sentence saying why there is nothing to compare.
    if (study.early) {
      expectDrawsExactly(
        await readChart(page, "early"),
        study.early.points.map((p) => ({ x: p.early, y: p.final })),
        `${what} early`,
      );
    } else {
      expect(await page.getByTestId("no-early").textContent()).toContain(study.whyNoEarly!);
      expect(await page.getByTestId("chart-early").count()).toBe(0);
    }
    // Val vs v2: every seed; each marker inside the plot and drawn as its legend shows it.
    const cloud = await readChart(page, "cloud");
    expectDrawsExactly(
      cloud,
      study.cloud.points.map((p) => ({ x: p.val, y: p.v2 })),
      `${what} cloud`,
    );
    expect(cloud.legend.usePointStyle, `${what}: legend shows markers`).toBe(true);
    cloud.datasets.forEach((d, i) => {
      if (d.role !== "highlight") return;
      expectDrawsExactly(
        cloud,
        d.elements.map((e) => ({ x: e.value.x!, y: e.value.y! })),
        `${what} ${d.label}`,
        (x) => x === d,
      );
      const entry = cloud.legend.entries.find((e) => e.datasetIndex === i)!;
      expect(entry, `${what}: legend entry of ${d.label}`).toBeDefined();
      expect(entry.pointStyle, `${what}: legend marker of ${d.label}`).toBe(d.pointStyle);
      expect(entry.fillStyle, `${what}: legend colour of ${d.label}`).toBe(d.backgroundColor);
    });
    const best = cloud.datasets.find((d) => d.label.startsWith("best on v2"))!;
    expect(best.elements[0]!.value).toMatchObject({ x: study.cloud.bestOnV2!.val, y: study.cloud.bestOnV2!.v2 });
    const cloudNote = await page.getByTestId("chart-cloud").locator(".chart-note").textContent();
    if (n >= 3) expect(cloudNote).toMatch(/R² = /);
    else {
      expect(cloudNote).not.toMatch(/R²|Pearson/);
      expect(
        cloud.datasets.some((d) => d.label === "least-squares fit"),
        `${what}: no fit line with n = ${n}`,
      ).toBe(false);
    }
  }

  it("seed study: every chart of every group of every sweep draws exactly what the API returned", async () => {
    const sweeps = [...new Set(runs.map((r) => r.sweepId))];
    expect(sweeps).toHaveLength(3);
    let checked = 0;
    for (const sweepId of sweeps) {
      const first = await apiQuery<Study>(url, "sweeps.study", { sweepId });
      for (const g of first.groups) {
        const groupParam = `${g.key.recipeHash}|${g.key.arch}|${g.key.dataset}`;
        // With the reference seed counted in (withref=1), so that the 3-seed groups draw their fits.
        const study = await apiQuery<Study>(url, "sweeps.study", { sweepId, group: g.key, includeReference: true });
        await page.goto(`${url}/sweeps/${sweepId}?group=${groupParam}&withref=1`);
        await page.getByTestId("seed-summary").waitFor();
        expect(await page.getByTestId("group-select").inputValue()).toBe(groupParam);
        const what = `sweep ${sweepId} ${g.label}`;
        await expectStudyCharts(study, what);
        // Collapsed runs: counted on the sweep and the group, and in every statistic.
        const mine = runs.filter(
          (r) => r.sweepId === sweepId && r.recipeHash === g.key.recipeHash && r.arch === g.key.arch,
        );
        const collapsed = mine.filter((r) => r.collapsed).length;
        expect(study.splits[0]!.summary.n, `${what}: collapsed runs are not dropped`).toBe(mine.length);
        if (collapsed > 0)
          expect(await page.getByTestId("group-collapsed").textContent()).toContain(
            `${collapsed} of ${mine.length} finished runs`,
          );
        else expect(await page.getByTestId("group-collapsed").count()).toBe(0);
        const sweepCollapsed = runs.filter((r) => r.sweepId === sweepId && r.collapsed).length;
        expect(await page.getByTestId("sweep-collapsed").count()).toBe(sweepCollapsed > 0 ? 1 : 0);
        if (sweepCollapsed > 0)
          expect(await page.getByTestId("sweep-collapsed").textContent()).toBe(`${sweepCollapsed} collapsed`);
        await expectFitsViewport(what);
        checked++;
      }
    }
    expect(checked).toBe(5);
  });

  it("seed study: statistics per split match packages/stats", async () => {
    const rows = group(LRS[0], "resnet8");
    const { sweepId, recipeHash } = rows[0]!;
    await page.goto(`${url}/sweeps/${sweepId}?group=${recipeHash}|resnet8|digits`);
    await page.getByTestId("seed-summary").waitFor();
    for (const [split, column] of [
      ["val", "valTop1"],
      ["v2", "v2Top1"],
    ] as const) {
      // By default seed 0, the reference, is held out of the statistics it is compared with.
      const s = summarizeSeeds(new Map(rows.map((r) => [r.seed, r[column]])));
      const studied = rows.filter((r) => r.seed !== 0);
      const cell = (stat: string) =>
        page.getByTestId(`summary-${split}`).locator(`[data-stat="${stat}"]`).textContent();
      expect(await cell("n")).toBe(String(studied.length));
      expect(await cell("mean")).toBe(fmt(s.mean));
      expect(await cell("std")).toBe(fmt(s.std));
      expect(await cell("max")).toBe(fmt(s.max));
      expect(await cell("min")).toBe(fmt(s.min));
      expect(await cell("reference")).toBe(fmt(s.referenceValue!));
      expect(await cell("iqm")).toBe(fmt(interquartileMean(studied.map((r) => r[column]))));
      const normality = shapiroWilk(studied.map((r) => r[column]));
      expect(await cell("normality")).toMatch(
        Number.isFinite(normality.pValue)
          ? new RegExp(`^p = ${pText(normality.pValue).replace(".", "\\.")}`)
          : /^not tested/,
      );
    }
    expect(await page.getByTestId("reference-note").textContent()).toContain("Seed 0 is held out");
    await shot("seed-study");
    await page.getByTestId("group-select").selectOption(`${recipeHash}|resmlp-s|digits`);
    const rows2 = group(LRS[0], "resmlp-s").filter((r) => r.seed !== 0);
    await expect
      .poll(() => page.getByTestId("summary-val").locator('[data-stat="mean"]').textContent())
      .toBe(fmt(summarize(vals(rows2, "valTop1")).mean));
    // Counted in on request: n and the mean over all three seeds.
    await page.getByTestId("include-reference").click(); // the box follows the data once it reloads
    await expect.poll(() => page.getByTestId("summary-val").locator('[data-stat="n"]').textContent()).toBe("3");
    expect(await page.getByTestId("reference-note").textContent()).toContain("counted in");
  });

  it("seed study of a degenerate sweep (1 seed, 1 epoch): says why nothing can be estimated", async () => {
    const run = degenerateRun();
    expect(run.collapsed, "a run at lr 1e-6 finishes at chance").toBe(true);
    await page.goto(`${url}/sweeps/${run.sweepId}`);
    await page.getByTestId("seed-summary").waitFor();
    const text = (await page.locator("main").textContent())!;
    expect(text).not.toContain("epoch 1 vs final (epoch 1)");
    expect(text).not.toMatch(/R² = |Gaussian fit: μ/);
    expect(await page.getByTestId("no-early").textContent()).toContain(
      "The runs trained 1 epoch: there is no earlier epoch to compare with the final one.",
    );
    expect(await page.getByTestId("chart-histogram").locator(".chart-note").textContent()).toContain(
      "n = 1: too few seeds",
    );
    expect(await page.getByTestId("chart-cloud").locator(".chart-note").textContent()).toContain(
      "one seed: a line needs more than one point",
    );
    const cloud = await readChart(page, "cloud");
    expect(cloud.datasets.filter((d) => d.role === "points").map((d) => d.label)).toEqual([
      "collapsed seeds (at chance)",
    ]);
    await shot("seed-study-degenerate");
  });

  it("generalization: one coloured point per group with its error bars inside the plot, y = x, n < 3 marked", async () => {
    type Generalization = Api["compare"]["generalization"];
    const api = await apiQuery<Generalization>(url, "compare.generalization", {});
    expect(api.points).toHaveLength(5);
    await page.goto(`${url}/generalization`);
    await page.getByTestId("chart-generalization").waitFor();
    const chart: ChartState = await readChart(page, "generalization");
    expectDrawsExactly(
      chart,
      api.points.map((p) => ({ x: p.stats.val.mean, y: p.stats.v2.mean })),
      "generalization",
    );
    const groups = chart.datasets.filter((d) => d.role === "points");
    for (const d of groups) {
      const bar = d.elements[0]!.value;
      for (const end of [bar.xMin!, bar.xMax!])
        expect(
          end >= chart.x.min && end <= chart.x.max,
          `${d.label}: x error bar end ${end} inside [${chart.x.min}, ${chart.x.max}]`,
        ).toBe(true);
      for (const end of [bar.yMin!, bar.yMax!])
        expect(
          end >= chart.y.min && end <= chart.y.max,
          `${d.label}: y error bar end ${end} inside [${chart.y.min}, ${chart.y.max}]`,
        ).toBe(true);
    }
    for (const p of api.points) {
      // Each group is its own dataset, labelled by the group (and "n = 1 < 3" where too few seeds).
      const d = groups.find((x) => x.label === p.label || x.label.startsWith(`${p.label} (n = `))!;
      expect(d, `a dataset for ${p.label}`).toBeDefined();
      expect(d.elements[0]!.value).toMatchObject({ x: p.stats.val.mean, y: p.stats.v2.mean });
      const std = (s: number) => (Number.isFinite(s) ? s : 0);
      expect(d.elements[0]!.value.xMax! - d.elements[0]!.value.x!).toBeCloseTo(std(p.stats.val.std), 9);
      expect(d.elements[0]!.value.yMax! - d.elements[0]!.value.y!).toBeCloseTo(std(p.stats.v2.std), 9);
      expect(d.label.includes("< 3"), `${p.label}: n = ${p.stats.val.n} marked`).toBe(p.stats.val.n < 3);
    }
    expect(new Set(groups.map((d) => d.borderColor)).size, "one colour per group").toBe(groups.length);
    const diagonal = chart.datasets.find((d) => d.label.startsWith("y = x"))!;
    expect(diagonal.elements.map((e) => e.value.y)).toEqual(diagonal.elements.map((e) => e.value.x));
    const table = page.getByTestId("generalization-table");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(5);
    const g = group(LRS[0], "resnet8");
    const row = table.locator(`tr[data-group="${hashOf(LRS[0])}|resnet8|digits"]`);
    expect(await row.locator('[data-stat="val"]').textContent()).toBe(meanStd(vals(g, "valTop1")));
    expect(await row.locator('[data-stat="v2"]').textContent()).toBe(meanStd(vals(g, "v2Top1")));
    const run = degenerateRun();
    expect(
      await table.locator(`tr[data-group="${run.recipeHash}|resnet8|digits"] [data-stat="flags"]`).textContent(),
    ).toContain("n < 3");
    await expectCompactLabels("generalization", '[data-testid="generalization-table"]');
    await expectFitsViewport("generalization");
    await shot("generalization");
  });

  it("recipe diff: the changed field, metrics per recipe × arch × dataset, a Runs column that follows the filter, the ablation path", async () => {
    await page.goto(`${url}/recipes`);
    const hashes = LRS.map(hashOf);
    for (const hash of hashes) {
      const box = page.locator(`input[data-recipe="${hash}"]`);
      await box.click(); // the selection lives in the URL, so the box is ticked once the route updates
      await expect.poll(() => box.isChecked()).toBe(true);
    }
    const diff = page.getByTestId("recipe-diff");
    await diff.waitFor();
    expect(await diff.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-field")))).toEqual(
      ["optimizer.lr"],
    );
    const metrics = page.getByTestId("recipe-diff-metrics");
    await expect.poll(() => metrics.locator("tbody tr").count()).toBe(4); // never pooled over architectures
    for (const lr of LRS) {
      for (const arch of ["resnet8", "resmlp-s"]) {
        const rows = group(lr, arch);
        const row = metrics.locator(`tr[data-group="${hashOf(lr)}|${arch}|digits"]`);
        expect(await row.locator('[data-stat="n"]').textContent()).toBe("3");
        expect(await row.locator('[data-stat="val"]').textContent()).toBe(meanStd(vals(rows, "valTop1")));
        expect(await row.locator('[data-stat="collapsed"]').textContent()).toBe(
          String(rows.filter((r) => r.collapsed).length),
        );
        // Side by side, each recipe is labelled by the one field that sets it apart.
        expect(await row.locator("td").first().textContent()).toBe(`a2 · lr=${lr}`);
      }
    }
    const runsCell = (hash: string) => page.locator(`tr[data-recipe-row="${hash}"] [data-stat="runs"]`).textContent();
    expect(await runsCell(hashes[0]!)).toBe("6");
    expect(await runsCell(degenerateRun().recipeHash)).toBe("1");
    await page.locator('select[name="arch"]').selectOption("resmlp-s");
    await expect.poll(() => runsCell(hashes[0]!)).toBe("3");
    await expect.poll(() => runsCell(degenerateRun().recipeHash)).toBe("0");
    await expect.poll(() => metrics.locator("tbody tr").count()).toBe(2);
    await page.locator('select[name="arch"]').selectOption("");
    await page.locator(`button[data-path="${hashes[0]}"]`).click();
    const path = page.getByTestId("ablation-path");
    await path.waitFor();
    await expect.poll(() => path.locator("tbody").count()).toBe(2);
    const step = await path.locator('tbody[data-step="1"]').textContent();
    expect(step).toContain("optimizer.lr");
    expect(step).toContain("epochs");
    expect(await path.locator('tbody[data-step="1"] tr').count(), "one row per architecture").toBe(2);
    await expectCompactLabels("recipe diff", "main");
    await expectFitsViewport("recipe diff");
    // Each metrics row links to the comparison with the other recipe on the same arch and dataset.
    const row = page.getByTestId("recipe-diff-metrics").locator(`tr[data-group="${hashOf(LRS[0])}|resnet8|digits"]`);
    const href = new URL((await row.locator("a[data-compare]").getAttribute("href")) ?? "", url).searchParams;
    expect([href.get("a"), href.get("b")]).toEqual([
      `${hashOf(LRS[0])}|resnet8|digits`,
      `${hashOf(LRS[1])}|resnet8|digits`,
    ]);
    await shot("recipe-diff");
  });

  it("architecture × recipe matrix: cells, Welch p-values per pair, untestable pairs marked as such", async () => {
    await page.goto(`${url}/matrix`);
    const matrix = page.getByTestId("matrix");
    await matrix.waitFor();
    const [lrA, lrB] = LRS;
    const labelOf = (lr: string) => `a2 · lr=${lr}`;
    const headers = await matrix.locator("thead th").allTextContents();
    expect(headers).toEqual([
      "arch \\ recipe",
      ...[labelOf(lrA), labelOf(lrB), "a2 · lr=0.000001"].sort((x, y) => x.localeCompare(y)),
    ]);
    const cell = matrix.locator(`td[data-cell="resnet8|${hashOf(lrA)}"]`);
    expect(await cell.locator('[data-stat="val"]').textContent()).toBe(
      `val ${meanStd(vals(group(lrA, "resnet8"), "valTop1"))}`,
    );
    expect(await cell.locator('[data-stat="v2"]').textContent()).toBe(
      `v2 ${meanStd(vals(group(lrA, "resnet8"), "v2Top1"))}`,
    );
    const pairs = page.getByTestId("matrix-pairs");
    // Rows: resnet8 has 3 recipes (3 pairs), resmlp-s 2 (1 pair); columns: each lr recipe on 2 archs (2 pairs).
    await expect.poll(() => pairs.locator("tbody tr").count()).toBe(6);
    const [first, second] = [labelOf(lrA), labelOf(lrB)].sort((x, y) => x.localeCompare(y));
    const lrOf = (label: string) => (label === labelOf(lrA) ? lrA : lrB);
    const pair = pairs.locator(`tr[data-pair="row|resnet8|${hashOf(lrOf(first!))}|${hashOf(lrOf(second!))}"]`);
    for (const [split, column] of [
      ["val", "valTop1"],
      ["v2", "v2Top1"],
    ] as const) {
      const test = welchTTest(
        vals(group(lrOf(first!), "resnet8"), column),
        vals(group(lrOf(second!), "resnet8"), column),
      );
      expect(await pair.locator(`[data-stat="${split}-p"]`).textContent()).toBe(pText(test.pValue));
    }
    // Holm across the testable pairs of the table (the two with the one-seed recipe are not tests), per split.
    const testable = [
      [group(lrA, "resnet8"), group(lrB, "resnet8")],
      [group(lrA, "resmlp-s"), group(lrB, "resmlp-s")],
      [group(lrA, "resnet8"), group(lrA, "resmlp-s")],
      [group(lrB, "resnet8"), group(lrB, "resmlp-s")],
    ] as const;
    const [firstRows, secondRows] = [group(lrOf(first!), "resnet8"), group(lrOf(second!), "resnet8")];
    for (const [split, column] of [
      ["val", "valTop1"],
      ["v2", "v2Top1"],
    ] as const) {
      const ps = testable.map(([x, y]) => welchTTest(vals(x, column), vals(y, column)).pValue);
      const own = welchTTest(vals(firstRows, column), vals(secondRows, column)).pValue;
      const index = ps.findIndex(
        (p) => p === own || p === welchTTest(vals(secondRows, column), vals(firstRows, column)).pValue,
      );
      expect(index, `${split}: this pair is among the tested ones`).toBeGreaterThanOrEqual(0);
      expect(await pair.locator(`[data-stat="${split}-padj"]`).textContent()).toBe(
        pText(adjustPValues(ps, "holm")[index]!),
      );
      const g = effectSize(vals(firstRows, column), vals(secondRows, column)).hedgesG;
      expect(await pair.locator(`[data-stat="${split}-g"]`).textContent()).toBe(
        `${g >= 0 ? "+" : "−"}${Math.abs(g).toFixed(2)}`,
      );
    }
    expect(await page.getByTestId("matrix-correction").textContent()).toContain(
      "Holm's step-down correction (family-wise error rate) across the 4 testable pairs",
    );
    const single = degenerateRun().recipeHash;
    const untestable = pairs.locator(`tr[data-pair*="${single}"]`);
    expect(await untestable.count()).toBe(2);
    for (const verdict of await untestable.locator('[data-stat="verdict"]').allTextContents())
      expect(verdict).toBe("untestable (n = 1 in one cell)");
    await expectCompactLabels("matrix", "main");
    await expectFitsViewport("matrix");
    await shot("matrix");
  });

  it("compare: two groups side by side — every number from packages/stats, overlaid histograms and bands drawn as returned", async () => {
    await page.goto(`${url}/matrix`);
    const [lrA, lrB] = LRS;
    const link = page.getByTestId("matrix-pairs").locator(`tr[data-pair*="row|resnet8|"] a[data-compare]`).first();
    await link.click();
    await page.getByTestId("verdict").waitFor();
    const params = new URL(page.url()).searchParams;
    const hashA = params.get("a")!.split("|")[0]!;
    const [rowsA, rowsB] =
      hashA === hashOf(lrA)
        ? [group(lrA, "resnet8"), group(lrB, "resnet8")]
        : [group(lrB, "resnet8"), group(lrA, "resnet8")];
    const splits = (["val", "v2"] as const).map((split) => {
      const column = split === "val" ? "valTop1" : "v2Top1";
      return { split, comparison: compareGroups(vals(rowsA, column), vals(rowsB, column)) };
    });
    expect(await page.getByTestId("verdict").textContent()).toBe(verdict("A", "B", splits));
    expect(await page.getByTestId("methods").textContent()).toBe(methodsSentence(splits));
    for (const { split, comparison: c } of splits) {
      const cell = (stat: string) => page.getByTestId(`tests-${split}`).locator(`[data-stat="${stat}"]`).textContent();
      expect(await cell("t")).toBe(c.welch.t.toFixed(3));
      expect(await cell("df")).toBe(c.welch.df.toFixed(1));
      expect(await cell("p")).toBe(pText(c.welch.pValue));
      expect(await cell("poi")).toBe(c.probability.estimate.toFixed(2));
      expect(await cell("poi-ci")).toBe(
        `[${c.probability.interval.lower.toFixed(2)}, ${c.probability.interval.upper.toFixed(2)}]`,
      );
      const groupCell = (g: "a" | "b", stat: string) =>
        page.getByTestId(`groups-${split}`).locator(`tr[data-group="${g}"] [data-stat="${stat}"]`).textContent();
      expect(await groupCell("a", "mean")).toBe(fmt(c.a.summary.mean));
      expect(await groupCell("b", "iqm")).toBe(fmt(c.b.iqm));
      // The API's bins and bands, drawn exactly.
      const api = await apiQuery<Api["compare"]["groups"]>(url, "compare.groups", {
        a: { recipeHash: rowsA[0]!.recipeHash, arch: "resnet8", dataset: "digits" },
        b: { recipeHash: rowsB[0]!.recipeHash, arch: "resnet8", dataset: "digits" },
      });
      const returned = api.splits.find((x) => x.split === split)!;
      const histogram = await readChart(page, `compare-histogram-${split}`);
      expectOverlaidHistogramBars(histogram, "A", returned.histogram!.edges, returned.histogram!.a, `compare ${split}`);
      expectOverlaidHistogramBars(histogram, "B", returned.histogram!.edges, returned.histogram!.b, `compare ${split}`);
      const bands = await readChart(page, `compare-epochs-${split}`);
      expectAllInside(bands, `compare ${split} bands`);
      for (const [name, points] of [
        ["A", returned.bands.a],
        ["B", returned.bands.b],
      ] as const) {
        const mean = bands.datasets.find((d) => d.label === `${name} mean`)!;
        expectDrawsExactly(
          bands,
          points.map((p) => ({ x: p.epoch, y: p.mean })),
          `compare ${split} ${name} mean`,
          (d) => d === mean,
        );
      }
    }
    await expectFitsViewport("compare");
    await shot("compare");
  });

  it("architecture table: params, the tensors' peak and the process's peak RSS apart, per architecture × recipe", async () => {
    await page.goto(`${url}/architectures`);
    const table = page.getByTestId("arch-table");
    await table.waitFor();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(5);
    const params = runs.find((r) => r.arch === "resmlp-s")!.params;
    const text = await table.locator('tr[data-arch="resmlp-s"]').first().locator('[data-stat="params"]').textContent();
    expect(text).toBe(
      params >= 1e6 ? `${(params / 1e6).toFixed(1)} M` : `${(params / 1e3).toFixed(params / 1e3 >= 100 ? 0 : 1)} k`,
    );
    const headers = await table.locator("thead th").allTextContents();
    expect(headers).toContain("Tensor peak (MB)");
    expect(headers).toContain("Process peak RSS (MB)");
    expect(
      headers.some((h) => /^Peak memory/.test(h)),
      "no unqualified 'peak memory'",
    ).toBe(false);
    const rows = group(LRS[0], "resnet8");
    const row = table.locator(`tr[data-arch="resnet8"]`).filter({ hasText: `a2 · lr=${LRS[0]}` });
    const mb = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
    expect(await row.locator('[data-stat="tensor-peak"]').textContent()).toBe(
      mb(summarize(rows.map((r) => r.peakTensorMb ?? Number.NaN)).mean),
    );
    expect(await row.locator('[data-stat="process-peak"]').textContent()).toBe(
      mb(summarize(rows.map((r) => r.peakMemoryMb ?? Number.NaN)).mean),
    );
    await expectFitsViewport("architectures");
    await shot("architectures");
  });

  it("run pages: every metric chart draws every point the API returned; collapse and memory stated as what they are", async () => {
    type Metrics = Api["runs"]["metrics"];
    const sample = [...new Map(runs.map((r) => [r.sweepId, r])).values()];
    for (const run of sample) {
      const metrics = await apiQuery<Metrics>(url, "runs.metrics", { id: run.id });
      await page.goto(`${url}/runs/${run.id}`);
      await expect.poll(() => page.getByTestId("run-status").textContent()).toContain("finished");
      expect(await page.getByTestId("run-status").getByTestId("collapsed-badge").count()).toBe(run.collapsed ? 1 : 0);
      await page.getByTestId("run-metrics").waitFor();
      expect(metrics.length).toBeGreaterThan(3);
      for (const m of metrics) {
        const state = await readChart(page, `metric-${m.key.replaceAll("/", "-")}`);
        expectDrawsExactly(state, m.points, `run ${run.id} ${m.key}`, () => true);
      }
      expect(await page.getByTestId("process-peak").textContent()).toContain("(the whole training process)");
      expect(await page.getByTestId("tensor-peak").textContent()).toBe(
        `${run.peakTensorMb! < 10 ? run.peakTensorMb!.toFixed(1) : run.peakTensorMb!.toFixed(0)} MB`,
      );
      expect((await page.getByTestId("run-recipe").locator(".trunc").textContent())!.length).toBeLessThanOrEqual(
        LABEL_MAX,
      );
      await expectFitsViewport(`run ${run.id}`);
    }
    const run = runs[0]!;
    await page.goto(`${url}/runs/${run.id}`);
    await page.getByTestId("run-metrics").waitFor();
    expect(await page.getByTestId("run-events").locator("tbody tr").count()).toBeGreaterThanOrEqual(2);
    const changed = await page
      .getByTestId("parent-diff")
      .locator("tbody tr")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-field")));
    // Every --set against a2 (the crop's scale and ratio are its two changed leaves), and the learning rate.
    expect(changed).toEqual([
      "augment.crop.ratio",
      "augment.crop.scale",
      "batchSize",
      "epochs",
      "lrScaling.rule",
      "optimizer.lr",
      "resolution",
    ]);
    await shot("run");
  });

  it("a bad link or request gets one sentence, never zod's JSON, a stack or a server path", async () => {
    const response = await fetch(apiUrl(url, "sweeps.study", { sweepId: 999 }));
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain("no sweep has id 999");
    expect(body).not.toContain("stack");
    expect(body).not.toMatch(/(^|[\s"'(=])\/(work|home|tmp|usr|root)\//);
    const sweepId = runs[0]!.sweepId;
    const cases: [string, string][] = [
      [`/sweeps/999`, "Could not load: no sweep has id 999: the Sweeps page lists the stored ones."],
      [`/sweeps/abc`, "“abc” is not a sweep id: sweep ids are whole numbers such as 1 (the Sweeps page lists them)."],
      [`/sweeps/${sweepId}?group=nonsense`, "The link's group “nonsense” is not of the form recipe-hash|arch|dataset"],
      [`/sweeps/${sweepId}?early=-2`, "The link's early epoch “-2” is not a whole number of at least 1."],
      [`/runs/abc`, "“abc” is not a run id"],
      [`/runs?sort=bogus`, "Could not load: Invalid input for runs.list: sort: "],
    ];
    for (const [path, sentence] of cases) {
      await page.goto(`${url}${path}`);
      const error = page.locator("p.error");
      await expect.poll(() => error.count(), { message: path }).toBe(1);
      const text = (await error.textContent())!;
      expect(text, path).toContain(sentence);
      expect(text, path).not.toMatch(/[[{]\s*"|\n/);
    }
  });
});

describe("seedscope dashboard: bad options", () => {
  const cli = useCliEnvironment("dashboard-options");
  it("rejects a bad port with the expected form", async () => {
    const result = await runCli(["dashboard", "--port", "http"], cli.env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--port must be a number \(e\.g\. --port 3000\)/);
  });
});
