import { findChromium } from "./helpers/browser";

/**
 * Runs once, before the test workers start: resolves the browser for the browser tests (unpacking the npm
 * package's Chromium into the temp dir when there is no system one), so that parallel test files never
 * unpack it at the same moment. The workers inherit the answer as CHROMIUM_PATH.
 */
export default async function resolveBrowserOnce(): Promise<void> {
  const choice = await findChromium();
  process.env.CHROMIUM_PATH = choice.executablePath;
  process.env.SEEDSCOPE_TEST_CHROMIUM_SOURCE = choice.source;
}
