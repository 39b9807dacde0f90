// Screenshot of a sweep's seed-study page, for the record: `SEEDSCOPE_HOME=… npx tsx bench/study-screenshot.ts
// <sweepId> <out.png>` starts `seedscope dashboard` on that store, opens /sweeps/<id> in headless Chromium, waits
// for the seed summary and charts, saves the full page, and prints the summary table's cells as the page shows them.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../test/helpers/browser";

const [sweepId, out] = process.argv.slice(2);
if (!sweepId || !out) throw new Error("usage: bench/study-screenshot.ts <sweepId> <out.png>");
const bin = fileURLToPath(new URL("../apps/cli/bin/seedscope.js", import.meta.url));
const dashboard = spawn(process.execPath, [bin, "dashboard", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
let output = "";
dashboard.stdout.on("data", (d: Buffer) => (output += d.toString()));
dashboard.stderr.on("data", (d: Buffer) => (output += d.toString()));
const url = await new Promise<string>((resolve, reject) => {
  const timer = setInterval(() => {
    const match = /dashboard: (http:\/\/\S+)/.exec(output);
    if (match) {
      clearInterval(timer);
      resolve(match[1]!);
    } else if (dashboard.exitCode !== null) {
      clearInterval(timer);
      reject(new Error(`dashboard exited:\n${output}`));
    }
  }, 250);
});
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${url}/sweeps/${sweepId}`);
  await page.getByTestId("seed-summary").waitFor({ timeout: 120_000 });
  await page.waitForTimeout(2_000); // chart.js animations
  await page.screenshot({ path: out, fullPage: true });
  for (const split of ["val", "v2"]) {
    const cells = await page
      .getByTestId(`summary-${split}`)
      .locator("[data-stat]")
      .evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute("data-stat")} ${n.textContent}`));
    console.log(`${split}: ${cells.join(" | ")}`);
  }
  console.log(`saved ${out}`);
} finally {
  await browser.close();
  dashboard.kill("SIGTERM");
}
