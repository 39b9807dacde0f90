import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Where a system Chromium usually lives; `CHROMIUM_PATH` comes before all of them. */
const SYSTEM_CHROMIUMS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

export interface ChromiumChoice {
  readonly executablePath: string;
  /** Where it came from, for the test log: the environment, the system, or the npm registry. */
  readonly source: "CHROMIUM_PATH" | "system" | "npm (@sparticuz/chromium)";
}

/**
 * The browser for the tests: `CHROMIUM_PATH`, else a system Chromium, else the Chromium build that the
 * `@sparticuz/chromium` dev dependency ships inside its npm tarball (unpacked into the temp dir on first
 * use), so that `npm test` needs nothing but Node.js.
 */
export async function findChromium(): Promise<ChromiumChoice> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist: unset it to use the system or npm Chromium`);
    return { executablePath: fromEnv, source: "CHROMIUM_PATH" };
  }
  const system = SYSTEM_CHROMIUMS.find((path) => existsSync(path));
  if (system) return { executablePath: system, source: "system" };
  const { default: packaged } = await import("@sparticuz/chromium");
  return { executablePath: await packaged.executablePath(), source: "npm (@sparticuz/chromium)" };
}

/** Headless Chromium with the flags a closed, root-run machine needs (no sandbox, no background traffic). */
export async function launchChromium(): Promise<Browser> {
  const choice = await findChromium();
  const source = process.env.SEEDSCOPE_TEST_CHROMIUM_SOURCE ?? choice.source;
  console.log(`browser tests: Chromium from ${source} at ${choice.executablePath}`);
  return chromium.launch({
    executablePath: choice.executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}
