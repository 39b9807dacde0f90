import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "@seedscope/db";
import { summarize, summarizeSeeds, welchTTest } from "@seedscope/stats";
import { useCliEnvironment } from "./helpers/cli-env";
import { runCli, startCli, waitFor, type StartedCli } from "./helpers/cli";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
// A real sweep, small enough for CI: two learning rates (two recipes derived from a2) × two architectures × 3 seeds.
// The demo's milder crop lets resnet8 learn in two epochs, so that val and v2 differ and seeds spread.
const SWEEP = ["--recipe", "a2", "--arch", "resnet8,resmlp-s", "--seeds", "0-2", "--train-size", "300", "--backend", "wasm",
  "--set", "epochs=2", "--set", "resolution=12", "--set", "batchSize=50", "--set", "lrScaling.rule=none",
  "--set", 'augment.crop={"kind":"rrc","scale":[0.35,1],"ratio":[0.75,1.3333]}'];
const LRS = ["0.02", "0.01"] as const;

interface FinishedRow {
  id: number; sweepId: number; seed: number; arch: string; recipeHash: string; recipeName: string; valTop1: number; v2Top1: number; params: number;
}

const fmt = (x: number) => x.toFixed(2);
const meanStd = (xs: number[]) => {
  const s = summarize(xs);
  return `${fmt(s.mean)} ± ${fmt(s.std)}`;
};
const pText = (p: number) => (p < 0.001 ? "<0.001" : p.toFixed(3));

describe("dashboard in headless Chromium, on a store filled by a real sweep", () => {
  const cli = useCliEnvironment("dashboard");
  let runs: FinishedRow[] = [];
  let dashboard: StartedCli | null = null;
  let url = "";
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const lr of LRS) {
      const sweep = await runCli(["sweep", ...SWEEP, "--set", `optimizer.lr=${lr}`, "--name", `lr ${lr}`], cli.env);
      expect(sweep.code, sweep.stderr).toBe(0);
    }
    // Read what the dashboard should show before it opens the store (the embedded store admits one process).
    const store = await openStore({ config: cli.config });
    try {
      runs = await store.sql.query<FinishedRow>(
        `SELECT r.id, r."sweepId", r.seed, r.arch, r."recipeHash", rc.name AS "recipeName", r."valTop1", r."v2Top1", r.params
         FROM "Run" r JOIN "Recipe" rc ON rc.hash = r."recipeHash" WHERE r.status = 'finished' ORDER BY r.id`,
      );
    } finally {
      await store.close();
    }
    expect(runs).toHaveLength(12);
    dashboard = startCli(["dashboard", "--port", "0"], cli.env);
    await waitFor(() => /dashboard: (http:\/\/\S+)/.test(dashboard!.output()) || dashboard!.child.exitCode !== null, "the dashboard to listen", 400_000);
    const match = /dashboard: (http:\/\/\S+)/.exec(dashboard.output());
    if (!match) throw new Error(`dashboard did not start:\n${dashboard.output()}`);
    url = match[1]!;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    dashboard?.child.kill("SIGINT");
    if (dashboard) expect(await dashboard.exit).toBe(0);
  });

  const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}dashboard-${name}.png`, fullPage: true });
  const group = (lr: string, arch: string) => runs.filter((r) => r.recipeName.includes(`optimizer.lr=${lr}`) && r.arch === arch);
  const vals = (rows: FinishedRow[], split: "valTop1" | "v2Top1") => rows.map((r) => r[split]);

  /** A chart drew something: its canvas has non-background pixels, and it says how many points it shows. */
  async function expectChart(id: string, points: number | ((n: number) => boolean)) {
    const box = page.getByTestId(`chart-${id}`);
    await box.waitFor();
    const n = Number(await box.getAttribute("data-points"));
    if (typeof points === "number") expect(n, `points of chart ${id}`).toBe(points);
    else expect(points(n), `points of chart ${id}: ${n}`).toBe(true);
    const inked = await box.locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext("2d")!;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
      return count;
    });
    expect(inked, `pixels drawn by chart ${id}`).toBeGreaterThan(500);
  }

  it("overview: counts and the two sweeps", async () => {
    await page.goto(url);
    await expect.poll(() => page.getByTestId("count-runs").textContent()).toBe("12");
    await expect.poll(() => page.getByTestId("sweep-table").locator("tbody tr").count()).toBe(2);
    await shot("overview");
  });

  it("runs: filters, sorting and the total are computed by the server", async () => {
    await page.goto(`${url}/runs`);
    await expect.poll(() => page.getByTestId("run-total").textContent()).toBe("12 runs match");
    await page.locator('select[name="arch"]').selectOption("resmlp-s");
    await expect.poll(() => page.getByTestId("run-total").textContent()).toBe("6 runs match");
    await expect.poll(() => page.getByTestId("run-table").locator("tbody tr").count()).toBe(6);
    await page.getByRole("button", { name: "Val top-1 (%)" }).click();
    const best = Math.max(...runs.filter((r) => r.arch === "resmlp-s").map((r) => r.valTop1));
    await expect.poll(() => page.locator('[data-testid="run-table"] tbody tr').first().locator('[data-col="val"]').textContent()).toBe(fmt(best));
    await page.getByRole("button", { name: "Val top-1 (%)" }).click();
    const worst = Math.min(...runs.filter((r) => r.arch === "resmlp-s").map((r) => r.valTop1));
    await expect.poll(() => page.locator('[data-testid="run-table"] tbody tr').first().locator('[data-col="val"]').textContent()).toBe(fmt(worst));
    expect(page.url()).toContain("arch=resmlp-s");
    await shot("runs");
  });

  it("seed study: statistics per split match packages/stats, and all four charts draw", async () => {
    const rows = group(LRS[0], "resnet8");
    const { sweepId, recipeHash } = rows[0]!;
    expect(rows).toHaveLength(3);
    await page.goto(`${url}/sweeps/${sweepId}?group=${recipeHash}|resnet8|digits`);
    await page.getByTestId("seed-summary").waitFor();
    expect(await page.getByTestId("group-select").inputValue()).toBe(`${recipeHash}|resnet8|digits`);
    for (const [split, column] of [["val", "valTop1"], ["v2", "v2Top1"]] as const) {
      const s = summarizeSeeds(new Map(rows.map((r) => [r.seed, r[column]])));
      const cell = (stat: string) => page.getByTestId(`summary-${split}`).locator(`[data-stat="${stat}"]`).textContent();
      expect(await cell("n")).toBe("3");
      expect(await cell("mean")).toBe(fmt(s.mean));
      expect(await cell("std")).toBe(fmt(s.std));
      expect(await cell("max")).toBe(fmt(s.max));
      expect(await cell("min")).toBe(fmt(s.min));
      expect(await cell("reference")).toBe(fmt(s.referenceValue!));
    }
    await expectChart("histogram", (n) => n >= 1);
    await expectChart("epochs", 4); // 2 epochs × 2 splits
    await expectChart("early", 3);
    await expectChart("cloud", 3);
    await shot("seed-study");
    // The other group: the table follows.
    await page.getByTestId("group-select").selectOption(`${recipeHash}|resmlp-s|digits`);
    const rows2 = group(LRS[0], "resmlp-s");
    await expect.poll(() => page.getByTestId("summary-val").locator('[data-stat="mean"]').textContent()).toBe(fmt(summarize(vals(rows2, "valTop1")).mean));
  });

  it("generalization: one point per group, table of mean ± std", async () => {
    await page.goto(`${url}/generalization`);
    await expectChart("generalization", 4);
    const table = page.getByTestId("generalization-table");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(4);
    const g = group(LRS[0], "resnet8");
    const row = table.locator("tbody tr", { hasText: `optimizer.lr=${LRS[0]}` }).filter({ hasText: "resnet8" });
    expect(await row.locator('[data-stat="val"]').textContent()).toBe(meanStd(vals(g, "valTop1")));
    expect(await row.locator('[data-stat="v2"]').textContent()).toBe(meanStd(vals(g, "v2Top1")));
    await shot("generalization");
  });

  it("recipe diff: exactly the changed field, then metrics and the ablation path", async () => {
    await page.goto(`${url}/recipes`);
    const hashes = [...new Set(runs.map((r) => r.recipeHash))];
    expect(hashes).toHaveLength(2);
    for (const hash of hashes) {
      const box = page.locator(`input[data-recipe="${hash}"]`);
      await box.click(); // the selection lives in the URL, so the box is ticked once the route updates
      await expect.poll(() => box.isChecked()).toBe(true);
    }
    const diff = page.getByTestId("recipe-diff");
    await diff.waitFor();
    expect(await diff.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-field")))).toEqual(["optimizer.lr"]);
    const metrics = page.getByTestId("recipe-diff-metrics");
    const first = runs.filter((r) => r.recipeHash === hashes[0]);
    expect(await metrics.locator(`tr[data-recipe="${hashes[0]}"] [data-stat="val"]`).textContent()).toBe(meanStd(vals(first, "valTop1")));
    expect(await metrics.locator(`tr[data-recipe="${hashes[0]}"] [data-stat="n"]`).textContent()).toBe("6");
    // Side by side, each recipe is labelled by the one field that sets it apart.
    expect(await metrics.locator(`tr[data-recipe="${hashes[0]}"] td`).first().textContent()).toMatch(/^a2 · optimizer\.lr=0\.0[12]$/);
    await page.locator(`button[data-path="${hashes[0]}"]`).click();
    const path = page.getByTestId("ablation-path");
    await path.waitFor();
    await expect.poll(() => path.locator("tbody tr").count()).toBe(2);
    const step = await path.locator('tr[data-step="1"]').textContent();
    expect(step).toContain("optimizer.lr");
    expect(step).toContain("epochs");
    await shot("recipe-diff");
  });

  it("architecture × recipe matrix: cells and Welch p-values per pair", async () => {
    await page.goto(`${url}/matrix`);
    const matrix = page.getByTestId("matrix");
    await matrix.waitFor();
    const [lrA, lrB] = LRS;
    const hashOf = (lr: string) => group(lr, "resnet8")[0]!.recipeHash;
    const labelOf = (lr: string) => `a2 · optimizer.lr=${lr}`;
    expect(await matrix.locator("thead th").allTextContents()).toEqual(["arch \\ recipe", ...[labelOf(lrA), labelOf(lrB)].sort()]);
    const cell = matrix.locator(`td[data-cell="resnet8|${hashOf(lrA)}"]`);
    expect(await cell.locator('[data-stat="val"]').textContent()).toBe(`val ${meanStd(vals(group(lrA, "resnet8"), "valTop1"))}`);
    expect(await cell.locator('[data-stat="v2"]').textContent()).toBe(`v2 ${meanStd(vals(group(lrA, "resnet8"), "v2Top1"))}`);
    const pairs = page.getByTestId("matrix-pairs");
    await expect.poll(() => pairs.locator("tbody tr").count()).toBe(4); // 2 rows + 2 columns, one pair each
    // Pair rows list recipes in label order; compute the same test.
    const [first, second] = [labelOf(lrA), labelOf(lrB)].sort((x, y) => x.localeCompare(y));
    const lrOf = (label: string) => (label === labelOf(lrA) ? lrA : lrB);
    const pair = pairs.locator(`tr[data-pair="row|resnet8|${hashOf(lrOf(first!))}|${hashOf(lrOf(second!))}"]`);
    for (const [split, column] of [["val", "valTop1"], ["v2", "v2Top1"]] as const) {
      const test = welchTTest(vals(group(lrOf(first!), "resnet8"), column), vals(group(lrOf(second!), "resnet8"), column));
      expect(await pair.locator(`[data-stat="${split}-p"]`).textContent()).toBe(pText(test.pValue));
    }
    await shot("matrix");
  });

  it("architecture table: params and accuracy per architecture × recipe", async () => {
    await page.goto(`${url}/architectures`);
    const table = page.getByTestId("arch-table");
    await table.waitFor();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(4);
    const params = runs.find((r) => r.arch === "resmlp-s")!.params;
    const text = await table.locator('tr[data-arch="resmlp-s"]').first().locator('[data-stat="params"]').textContent();
    expect(text).toBe(params >= 1e6 ? `${(params / 1e6).toFixed(1)} M` : `${(params / 1e3).toFixed(params / 1e3 >= 100 ? 0 : 1)} k`);
    await shot("architectures");
  });

  it("run page: facts, every metric chart, the status timeline and the recipe diff against its parent", async () => {
    const run = runs[0]!;
    await page.goto(`${url}/runs/${run.id}`);
    await expect.poll(() => page.getByTestId("run-status").textContent()).toContain("finished");
    await expectChart("metric-val-top1", 2);
    await expectChart("metric-v2-top1", 2);
    await expectChart("metric-lr", (n) => n > 2);
    expect(await page.getByTestId("run-events").locator("tbody tr").count()).toBeGreaterThanOrEqual(2);
    const changed = await page.getByTestId("parent-diff").locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-field")));
    // Every --set against a2 (the crop's scale and ratio are its two changed leaves), and the learning rate.
    expect(changed).toEqual(["augment.crop.ratio", "augment.crop.scale", "batchSize", "epochs", "lrScaling.rule", "optimizer.lr", "resolution"]);
    await shot("run");
  });

  it("a bad request gets a clear error, not a crash", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { sweepId: 999 } }));
    const response = await fetch(`${url}/api/trpc/sweeps.study?input=${input}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("no sweep has id 999");
    await page.goto(`${url}/sweeps/999`);
    await expect.poll(() => page.locator("p.error").textContent()).toContain("no sweep has id 999");
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
