import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { inferRouterOutputs } from "@trpc/server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { getRunWithRecipe, loadCheckpoint, type Verification } from "@seedscope/db";
import { TEST_BACKEND } from "@seedscope/db/testing";
import { decodeCheckpoint } from "@seedscope/train";
import type { AppRouter } from "@seedscope/web/server";
import { apiQuery } from "./dashboard-api";
import { expectDrawsExactly, readChart } from "./dashboard-chart-state";
import { launchChromium } from "./helpers/browser";
import { runCli, type StartedCli, startCliDashboard } from "./helpers/cli";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";
import { storeOutsideRuns } from "./helpers/outside-runs";
import { tinyRun } from "./helpers/tiny-run";

type Api = inferRouterOutputs<AppRouter>;

/** The bytes of a float32 array, for a bit-for-bit comparison (NaN payloads and -0 included). */
const bytesOf = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

interface ManifestJson {
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata: { run: number; epoch: number; arch: string };
}

const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
const VIEWPORT = { width: 1440, height: 1000 };

/** The id of the run a CLI command reports ("run 3 …"). */
function runIdIn(output: string, pattern = /\brun (\d+)\b/): number {
  const match = pattern.exec(output);
  if (!match) throw new Error(`no run id in: ${output}`);
  return Number(match[1]);
}

/** The rows of a table as [data-field, value-cell text]. */
function fieldRows(page: Page, testId: string, valueCol: string): Promise<[string | null, string | null][]> {
  return page
    .getByTestId(testId)
    .locator("tr[data-field]")
    .evaluateAll(
      (trs, col) =>
        trs.map((tr) => [tr.getAttribute("data-field"), tr.querySelector(`[data-col="${col}"]`)?.textContent ?? null]),
      valueCol,
    ) as Promise<[string | null, string | null][]>;
}

/*
 * A tiny run, a bit-identical rerun of it and a cross-backend rerun (--epochs 1 --backend cpu), made through
 * the CLI, then read in headless Chromium: the verification badges, the fingerprint table and the
 * compare-runs view, each against what the dashboard's API returned.
 */
describe(`dashboard in headless Chromium: reruns verified, the fingerprint, compare runs (${TEST_BACKEND})`, () => {
  const cli = useCliEnvironment("dashboard-verification");
  let dashboard: StartedCli | null = null;
  let url = "";
  let browser: Browser;
  let page: Page;
  let original = 0;
  let identical = 0;
  let crossed = 0;
  /** What `rerun` printed: the bit-identical rerun and the cross-backend one. */
  let sameOut = "";
  let otherOut = "";

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const made = await runCli(tinyRun(2, 0), cli.env);
    expect(made.code, made.stderr).toBe(0);
    original = runIdIn(made.stdout + made.stderr);
    const same = await runCli(["rerun", String(original)], cli.env);
    expect(same.code, same.stderr + same.stdout).toBe(0);
    identical = runIdIn(same.stdout, /^run (\d+) re-executed/m);
    sameOut = same.stdout;
    const other = await runCli(["rerun", String(original), "--epochs", "1", "--backend", "cpu"], cli.env);
    expect(other.code, other.stderr + other.stdout).toBe(1);
    crossed = runIdIn(other.stdout, /^run (\d+) re-executed/m);
    otherOut = other.stdout;
    ({ dashboard, url } = await startCliDashboard(cli.env));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    dashboard?.child.kill("SIGINT");
    if (dashboard) expect(await dashboard.exit).toBe(0);
  });

  /** The page never scrolls sideways at 1,440 px (wide tables scroll inside their own box). */
  async function expectFitsViewport(view: string) {
    const { scroll, inner } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(scroll, `${view}: page width`).toBeLessThanOrEqual(inner);
  }

  const shot = (name: string) =>
    page.screenshot({ path: `${ARTIFACTS}dashboard-verification-${name}-${TEST_BACKEND}.png`, fullPage: true });

  it("run page: a badge per rerun (bit-identical; differs with the first step, max |Δ| and likely cause), the fingerprint as a grouped table", async () => {
    const api = await apiQuery<Api["runs"]["get"]>(url, "runs.get", { id: original });
    expect(api.verification.rerunOf).toBeNull();
    expect(api.verification.reruns.map((r) => r.rerunId)).toEqual([crossed, identical]);
    const same = api.verification.reruns.find((r) => r.rerunId === identical)!.verification!;
    const differs = api.verification.reruns.find((r) => r.rerunId === crossed)!.verification!;
    expect([same.verdict, same.epochs, differs.verdict, differs.epochs]).toEqual(["bit-identical", 2, "differs", 1]);

    await page.goto(`${url}/runs/${original}`);
    const badge = (rerun: number) => page.locator(`[data-testid="verdict"][data-rerun="${rerun}"] .badge`);
    await badge(identical).waitFor();
    expect(await badge(identical).textContent()).toBe(`reproduced bit-identically (run ${identical}, 2 epochs)`);
    const first = differs.firstDivergence!;
    const deltas = Object.entries(differs.maxAbsDelta);
    const [maxKey, maxDelta] = deltas.reduce((best, e) => ((e[1] ?? 0) > (best[1] ?? 0) ? e : best));
    const causes = differs.fingerprintDifferences.map((d) => d.field);
    expect(causes).toContain("backend");
    expect(await badge(crossed).textContent()).toBe(
      `differs from rerun ${crossed}: first at ${first.key} step ${first.step}, max |Δ| ${maxDelta!.toExponential(2)} (${maxKey}), likely cause: ${causes.join(", ")}`,
    );

    // The fingerprint: every row the API returned, in its group, shown as returned …
    expect(await fieldRows(page, "fingerprint", "value")).toEqual(api.fingerprint.map((r) => [r.field, r.value]));
    for (const group of ["software", "machine", "data"] as const) {
      const shown = await page
        .locator(`[data-testid="fingerprint"] tbody[data-group="${group}"] tr[data-field]`)
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-field")));
      expect(shown, group).toEqual(api.fingerprint.filter((r) => r.group === group).map((r) => r.field));
    }
    // … and the rows say what the recorded environment says.
    const env = api.environment as {
      node: string;
      backend: string;
      cpu: string;
      threads: number;
      lockfileHash: string;
      data: { hash: string; splits: Record<string, string>; counts: Record<string, number> };
      datasetOptions: Record<string, unknown>;
    };
    const value = (field: string) => api.fingerprint.find((r) => r.field === field);
    expect(value("node")?.value).toBe(env.node);
    expect(value("backend")?.value).toBe("wasm");
    expect(value("backend")?.value).toBe(env.backend);
    expect(value("cpu")?.value).toBe(env.cpu);
    expect(value("threads")?.value).toBe(String(env.threads));
    expect(value("lockfileHash")).toMatchObject({ value: env.lockfileHash.slice(0, 12), full: env.lockfileHash });
    expect(value("data.hash")?.full).toBe(env.data.hash);
    for (const split of ["train", "val", "v2"]) {
      expect(value(`data.splits.${split}`)?.value).toBe(env.data.splits[split]!.slice(0, 12));
      expect(value(`data.counts.${split}`)?.value).toBe(String(env.data.counts[split]));
    }
    expect(value("data.counts.train")?.value).toBe("200");
    expect(value("datasetOptions.trainSize")?.value).toBe("200");
    expect(value("data.counts.val")?.value).toBe("300");
    expect(value("datasetOptions.evalSize")?.value).toBe("300");
    expect(value("packages.@tensorflow/tfjs-core")?.value).toMatch(/^\d+\.\d+\.\d+/);
    // No JSON blob of the environment any more.
    expect(await page.locator("pre.json").filter({ hasText: '"lockfileHash"' }).count()).toBe(0);
    await expectFitsViewport("run page");
    await shot("run");

    // The rerun's own page says what it re-executed and links there.
    await page.goto(`${url}/runs/${crossed}`);
    const rerunOf = page.getByTestId("rerun-of");
    await rerunOf.waitFor();
    expect(await rerunOf.locator(".badge").textContent()).toBe(
      `rerun of run ${original}: differs, first at ${first.key} step ${first.step}, likely cause: ${causes.join(", ")}`,
    );
    expect(await rerunOf.locator(`a[href="/runs/${original}"]`).count()).toBe(1);
    await page.goto(`${url}/runs/${identical}`);
    await page.getByTestId("rerun-of").waitFor();
    expect(await page.getByTestId("rerun-of").locator(".badge").textContent()).toBe(
      `rerun of run ${original}: bit-identical (2 epochs)`,
    );
  });

  it("run page: the checkpoint downloads as TensorFlow.js weights, the same bytes as seedscope export-weights", async () => {
    const api = await apiQuery<Api["runs"]["get"]>(url, "runs.get", { id: original });
    expect(api.checkpoint?.epoch).toBe(2);
    await page.goto(`${url}/runs/${original}`);
    const manifestLink = page.getByTestId("weights-manifest");
    await manifestLink.waitFor();
    expect(await page.getByTestId("weights-epoch").textContent()).toBe("2");
    const href = await manifestLink.getAttribute("href");
    expect(href).toBe(`/weights/${original}/2/model.json`);
    const manifestResponse = await fetch(`${url}${href}`);
    expect(manifestResponse.status).toBe(200);
    const manifestText = await manifestResponse.text();
    const manifest = JSON.parse(manifestText) as {
      weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
    };
    const binUrl = new URL(manifest.weightsManifest[0]!.paths[0]!, `${url}${href}`).href;
    expect(binUrl).toBe(`${url}${await page.getByTestId("weights-bin").getAttribute("href")}`);
    const bin = Buffer.from(await (await fetch(binUrl)).arrayBuffer());
    const floats = manifest.weightsManifest[0]!.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(bin.byteLength).toBe(floats * 4);

    const dir = join(cli.home, "exported");
    const exported = await runCli(["export-weights", String(original), "--out", dir], cli.env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readFileSync(join(dir, "model.json"), "utf8")).toBe(manifestText);
    expect(readFileSync(join(dir, "group1-shard1of1.bin")).equals(bin)).toBe(true);

    // Another epoch is not stored: a 404 that says so; a write is refused like on any page.
    const stale = await fetch(`${url}/weights/${original}/1/model.json`);
    expect(stale.status).toBe(404);
    expect(await stale.text()).toMatch(/keeps only its latest end-of-epoch checkpoint, from epoch 2/);
    const post = await fetch(`${url}${href}`, { method: "POST" });
    expect(post.status).toBe(405);
  });

  it("terminal: rerun prints and records the verdicts (bit-identical; across backends where and by how much), diff names what differs", async () => {
    expect(sameOut).toMatch(
      new RegExp(
        `^run ${identical} re-executed run ${original}: bit-identical \\(\\d+ metric points over 2 epoch`,
        "m",
      ),
    );
    expect(otherOut).toMatch(/differs: \d+ of \d+ metric points/);
    const [same, other] = await withCliStore(cli, async (store) => [
      (await getRunWithRecipe(store, identical))!.verification as Verification,
      (await getRunWithRecipe(store, crossed))!.verification as Verification,
    ]);
    expect([same.verdict, same.epochs, same.differing, same.fingerprintDifferences]).toEqual([
      "bit-identical",
      2,
      0,
      [],
    ]);
    expect(same.compared).toBeGreaterThan(10);
    expect([other.verdict, other.epochs]).toEqual(["differs", 1]);
    expect(other.compared).toBeLessThan(same.compared);
    expect(other.firstDivergence).not.toBeNull();
    expect(Object.values(other.maxAbsDelta).some((d) => d !== null && d > 0)).toBe(true);
    const causes = other.fingerprintDifferences.map((d) => d.field);
    expect(causes).toContain("backend");
    // diff names exactly the fingerprint fields the verdict blames, and the metric difference.
    const diff = await runCli(["diff", String(original), `run:${crossed}`], cli.env);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/recipe: identical/);
    const diffFields = [...diff.stdout.matchAll(/^│ (\S+)\s+│/gm)].map((m) => m[1]);
    for (const field of causes) expect(diffFields, field).toContain(field);
    expect(diff.stdout).toMatch(/│ backend\s+│ "wasm"\s+│ "cpu"/);
    expect(diff.stdout).toMatch(/metrics: \d+ of \d+ points of run \d+ differ/);
  });

  it("export-weights: model.json + group1-shard1of1.bin that tf.io.decodeWeights reads back bit for bit; refuses another epoch, a run without a checkpoint, a bad id", async () => {
    const dir = join(cli.home, "weights");
    const exported = await runCli(["export-weights", String(original), "--epoch", "2", "--out", dir], cli.env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(new RegExp(`^run ${original}, epoch 2: \\d+ weights`));
    const manifest = JSON.parse(readFileSync(join(dir, "model.json"), "utf8")) as ManifestJson;
    expect(manifest.weightsManifest).toHaveLength(1);
    expect(manifest.weightsManifest[0]!.paths).toEqual(["group1-shard1of1.bin"]);
    expect(manifest.userDefinedMetadata).toMatchObject({ run: original, epoch: 2, arch: "resnet8" });
    const specs = manifest.weightsManifest[0]!.weights;
    const shard = readFileSync(join(dir, "group1-shard1of1.bin"));
    await tf.setBackend("cpu"); // any backend reads the same float32 bytes
    const decoded = tf.io.decodeWeights(
      shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength),
      specs,
    );
    const stored = await withCliStore(cli, (store) => loadCheckpoint(store, original));
    expect(stored?.epochsDone).toBe(2);
    const weights = decodeCheckpoint(stored!.data).weights;
    // Every stored weight, by its stored name, in the stored order; nothing else (no optimizer state).
    expect(specs.map((w) => w.name)).toEqual([...weights.keys()]);
    expect(specs.every((w) => w.dtype === "float32")).toBe(true);
    for (const [name, values] of weights) {
      const tensor = decoded[name]!;
      expect(tensor.shape, name).toEqual([values.length]);
      expect(bytesOf(tensor.dataSync() as Float32Array).equals(bytesOf(values)), `${name} bit for bit`).toBe(true);
    }
    expect(shard.byteLength).toBe([...weights.values()].reduce((n, v) => n + v.byteLength, 0));
    tf.dispose(Object.values(decoded));

    const wrong = await runCli(["export-weights", String(original), "--epoch", "1", "--out", join(dir, "x")], cli.env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /--epoch 1: run \d+ keeps only its latest end-of-epoch checkpoint, from epoch 2; earlier epochs are not stored/,
    );
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
    const outside = await withCliStore(cli, (store) => storeOutsideRuns(store));
    const none = await runCli(["export-weights", String(outside.runs[0]!.id), "--out", join(dir, "y")], cli.env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/has no checkpoint: it was logged from outside seedscope/);
    const bad = await runCli(["export-weights", "abc"], cli.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/<run> must be a run id/);
  });

  it("runs table: a Verified column as runs.list says; Overview counts the verified run", async () => {
    const list = await apiQuery<Api["runs"]["list"]>(url, "runs.list", { limit: 50 });
    const badges = Object.fromEntries(list.rows.map((r) => [r.id, r.verified]));
    expect(badges[original]).toEqual({ role: "original", verdict: "differs", other: crossed });
    expect(badges[identical]).toEqual({ role: "rerun", verdict: "bit-identical", other: original });
    expect(badges[crossed]).toEqual({ role: "rerun", verdict: "differs", other: original });
    await page.goto(`${url}/runs`);
    const table = page.getByTestId("run-table");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(list.rows.length);
    // The three runs of this file are verified; the outside runs the export test stored are not.
    expect(
      list.rows
        .filter((r) => r.verified !== null)
        .map((r) => r.id)
        .sort((a, b) => a - b),
    ).toEqual([original, identical, crossed].sort((a, b) => a - b));
    for (const row of list.rows.filter((r) => r.verified !== null)) {
      const cell = table.locator(`tr[data-run-id="${row.id}"] [data-col="verified"]`);
      expect(await cell.getAttribute("data-verdict"), `run ${row.id}`).toBe(row.verified!.verdict);
      expect(await cell.getAttribute("data-role"), `run ${row.id}`).toBe(row.verified!.role);
    }
    expect(await table.locator(`tr[data-run-id="${original}"] [data-col="verified"]`).textContent()).toBe("✗ differs");
    expect(await table.locator(`tr[data-run-id="${identical}"] [data-col="verified"]`).textContent()).toBe(
      `rerun of ${original}: ✓ identical`,
    );

    await expectFitsViewport("runs");
    await shot("runs");

    const overview = await apiQuery<Api["overview"]>(url, "overview");
    // One run verified; its newest verdict (the cross-backend rerun) differs.
    expect(overview.verification).toEqual({ verified: 1, bitIdentical: 0, differing: 1 });
    await page.goto(url);
    const counts = page.getByTestId("overview-verified");
    await counts.waitFor();
    expect(await counts.getAttribute("data-verified")).toBe("1");
    expect(await counts.textContent()).toBe("1 run verified by a rerun: 0 bit-identical / 1 differing");
  });

  it("compare runs: tick two runs → the fields that differ and both curves per key, the first differing step marked and stated", async () => {
    await page.goto(`${url}/runs`);
    const table = page.getByTestId("run-table");
    await table.waitFor();
    await table.locator(`tr[data-run-id="${crossed}"] input[name="compare"]`).check();
    await table.locator(`tr[data-run-id="${original}"] input[name="compare"]`).check();
    await page.getByTestId("compare-runs").click();
    await expect.poll(() => page.url()).toBe(`${url}/runs/compare?a=${original}&b=${crossed}`);

    const api = await apiQuery<Api["runs"]["compare"]>(url, "runs.compare", { a: original, b: crossed });
    const verdict = (await apiQuery<Api["runs"]["get"]>(url, "runs.get", { id: original })).verification.reruns.find(
      (r) => r.rerunId === crossed,
    )!.verification!;
    // The compare view compares as the rerun's verdict did.
    expect(api.diff.metrics.firstDivergence).toEqual(verdict.firstDivergence);
    expect(api.diff.metrics.differing).toBe(verdict.differing);
    expect(api.diff.fingerprint.map((d) => d.field)).toContain("backend");
    expect(api.diff.recipe).toEqual([]);

    const summary = page.getByTestId("compare-summary");
    await summary.waitFor();
    const first = api.diff.metrics.firstDivergence!;
    expect(await summary.getAttribute("data-first-key")).toBe(first.key);
    expect(await summary.getAttribute("data-first-step")).toBe(String(first.step));
    expect(await summary.textContent()).toContain(
      `${api.diff.metrics.differing} of ${api.diff.metrics.compared} metric points of run ${crossed} differ from run ${original}; the first at ${first.key} step ${first.step}`,
    );
    const shownFields = async (id: string) => (await fieldRows(page, id, "a")).map(([field]) => field);
    expect(await shownFields("diff-fingerprint")).toEqual(api.diff.fingerprint.map((d) => d.field));
    expect(await shownFields("diff-run")).toEqual(api.diff.run.map((d) => d.field));
    expect(await page.getByTestId("diff-recipe").textContent()).toBe("The recipes: identical.");
    const backendRow = await fieldRows(page, "diff-fingerprint", "b");
    expect(backendRow.find(([f]) => f === "backend")?.[1]).toBe("cpu");

    expect(api.curves.length).toBeGreaterThan(3);
    for (const c of api.curves) {
      const id = `compare-${c.key.replaceAll("/", "-")}`;
      const state = await readChart(page, id);
      expectDrawsExactly(state, c.a, `${c.key} run ${original}`, (d) => d.label === `run ${original}`);
      expectDrawsExactly(state, c.b, `${c.key} run ${crossed}`, (d) => d.label === `run ${crossed}`);
      const marker = state.datasets.filter((d) => d.role === "line");
      const note = await page.getByTestId(`chart-${id}`).locator(".chart-note").textContent();
      if (c.firstDifference) {
        expect(marker, `${c.key}: one marker`).toHaveLength(1);
        expect(marker[0]!.elements.map((e) => e.value.x)).toEqual([c.firstDifference.step, c.firstDifference.step]);
        expect(note).toBe(
          `First differs at step ${c.firstDifference.step}: run ${original} ${c.firstDifference.a ?? "absent"}, run ${crossed} ${c.firstDifference.b}.`,
        );
      } else {
        expect(marker, `${c.key}: no marker`).toHaveLength(0);
        expect(note).toMatch(c.clock ? /not compared/ : /Identical at every step|logged no/);
      }
    }
    // The key of the first divergence has its step marked.
    const firstCurve = api.curves.find((c) => c.key === first.key)!;
    expect(firstCurve.firstDifference?.step).toBe(first.step);
    await expectFitsViewport("compare runs");
    await shot("compare");
  });
});
