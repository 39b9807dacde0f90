// What live views cost an idle dashboard: the dashboard process's CPU time (itself and its children, from
// /proc) over a window with no page open, then with one page open in headless Chromium that polls the change
// query every 3 s because a run it shows is still running (nothing else changes, so no page query refetches).
//   npx tsx bench/live-refresh.ts [seconds per window=60] [runs=1000]
// Without DATABASE_URL the store is embedded, so the dashboard process also does the database's work; with
// DATABASE_URL (a throw-away database there) the PostgreSQL server's own processes are not counted.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  claimRun,
  createRecipe,
  findOrCreateSweep,
  finishRun,
  logMetrics,
  openStore,
  planSweepRuns,
  type Store,
} from "@seedscope/db";
import { createThrowawayDatabase } from "@seedscope/db/testing";
import { launchChromium } from "../test/helpers/browser";

const WINDOW_S = Number(process.argv[2] ?? 60);
const RUNS = Number(process.argv[3] ?? 1000);
const EPOCHS = 30;
const KEYS = ["train/loss", "val/top1", "v2/top1", "val/loss"] as const;
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

const bin = fileURLToPath(new URL("../apps/cli/bin/seedscope.js", import.meta.url));
const home = mkdtempSync(join(tmpdir(), "seedscope-bench-live-"));
const db = process.env.DATABASE_URL?.trim() ? await createThrowawayDatabase("seedscope_bench") : null;
const config = db
  ? { backend: "postgres" as const, url: db.url }
  : { backend: "pglite" as const, dataDir: join(home, "pglite") };

const points = (epochs: number) =>
  Array.from({ length: epochs }, (_, e) => KEYS.map((key) => ({ key, step: e + 1, value: 40 + e / 3 }))).flat();

/** A sweep of RUNS seeds, all finished but the last, which is running with half its epochs logged. */
async function fill(store: Store): Promise<{ sweepId: number; runningId: number }> {
  const recipeHash = (await createRecipe(store, { body: { optimizer: "lamb", lr: 0.02 }, name: "bench" })).hash;
  const sweep = await findOrCreateSweep(store, { plan: { bench: "live-refresh" }, launchedBy: "bench" });
  const seeds = Array.from({ length: RUNS }, (_, seed) => ({ recipeHash, arch: "resnet8", dataset: "digits", seed }));
  const ids = await planSweepRuns(store, sweep.id, seeds);
  for (const id of ids) {
    await claimRun(store, id, "bench", 60_000);
    await logMetrics(store, id, points(id === ids.at(-1) ? EPOCHS / 2 : EPOCHS));
    if (id !== ids.at(-1))
      await finishRun(store, id, { status: "finished", summary: { val: { top1: 45 }, v2: { top1: 44 } } });
  }
  return { sweepId: sweep.id, runningId: ids.at(-1)! };
}

/** CPU seconds (user + system) used so far by a process and all its descendants. */
function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may contain spaces): state ppid … utime(14) stime(15).
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we listed it.
    }
  }
  let ticks = 0;
  const todo = [root];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) todo.push(child);
  }
  return ticks / CLOCK_TICKS;
}

async function cpuOver(pid: number, seconds: number): Promise<number> {
  const before = treeCpuSeconds(pid);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return treeCpuSeconds(pid) - before;
}

const setupStore = await openStore({ config });
const started = performance.now();
const { sweepId, runningId } = await fill(setupStore);
await setupStore.close();
console.log(
  `store: ${RUNS} runs × ${EPOCHS} epochs × ${KEYS.length} metrics, one running (${config.backend}), filled in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);

const env: NodeJS.ProcessEnv = { ...process.env, SEEDSCOPE_HOME: home, ...(db ? { DATABASE_URL: db.url } : {}) };
if (!db) delete env.DATABASE_URL;
const dashboard = spawn(process.execPath, [bin, "dashboard", "--port", "0"], { env });
const closed = new Promise((resolve) => dashboard.once("close", resolve));
let output = "";
dashboard.stdout.on("data", (d: Buffer) => (output += d.toString()));
dashboard.stderr.on("data", (d: Buffer) => (output += d.toString()));
const browser = await launchChromium();
const rows: { window: string; cpu: number }[] = [];
try {
  const deadline = Date.now() + 600_000;
  while (!/dashboard: (http:\/\/\S+)/.test(output)) {
    if (dashboard.exitCode !== null || Date.now() > deadline)
      throw new Error(`the dashboard did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const url = /dashboard: (http:\/\/\S+)/.exec(output)![1]!;
  const pid = dashboard.pid!;
  const pages = [
    ["run page (running run)", `/runs/${runningId}`],
    ["seed study (its sweep)", `/sweeps/${sweepId}`],
    ["overview (whole store)", "/"],
  ] as const;
  // Warm-up: the first render of each route (server and JIT work) is not what an open page costs.
  for (const [, path] of pages) {
    const page = await browser.newPage();
    await page.goto(`${url}${path}`);
    await page.getByTestId("live-indicator").waitFor({ timeout: 60_000 });
    await page.close();
  }
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  rows.push({ window: "no page open", cpu: await cpuOver(pid, WINDOW_S) });
  for (const [name, path] of pages) {
    const page = await browser.newPage();
    let polls = 0;
    let others = 0;
    page.on("request", (r) => {
      if (new URL(r.url()).pathname.split("/").pop()!.split(",").includes("changes")) polls++;
      else others++;
    });
    await page.goto(`${url}${path}`);
    await page.getByTestId("live-indicator").waitFor({ timeout: 60_000 });
    await page.waitForLoadState("networkidle");
    polls = 0;
    others = 0;
    const cpu = await cpuOver(pid, WINDOW_S);
    rows.push({ window: `${name}, ${polls} polls, ${others} other requests`, cpu });
    await page.close();
  }
  rows.push({ window: "no page open (again)", cpu: await cpuOver(pid, WINDOW_S) });
} finally {
  await browser.close();
  dashboard.kill("SIGINT");
  await closed;
  await db?.drop();
  rmSync(home, { recursive: true, force: true });
}

// Work left over from start-up may still trickle into the first window: the baseline is the mean of the two.
const idle = (rows[0]!.cpu + rows.at(-1)!.cpu) / 2;
console.log(
  `\ndashboard process CPU over ${WINDOW_S} s windows (% of one core); "added" is against the mean of the two without a page:`,
);
for (const row of rows) {
  const share = (100 * row.cpu) / WINDOW_S;
  const added = (100 * (row.cpu - idle)) / WINDOW_S;
  const ratio = idle > 0 ? `${(row.cpu / idle).toFixed(2)}× no page` : "no CPU without a page";
  console.log(
    `  ${row.window.padEnd(58)} ${row.cpu.toFixed(2).padStart(6)} s  ${share.toFixed(2).padStart(6)} %  added ${added.toFixed(2).padStart(6)} %  (${ratio})`,
  );
}
