import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MIGRATED_STORE_FILES_ENV, migratedStoreFiles, TEST_BACKEND } from "@seedscope/db/testing";
import { findChromium } from "./helpers/browser";

/**
 * Runs once, before the test workers start; the workers inherit what it sets in the environment.
 * - Resolves the browser for the browser tests (unpacking the npm package's Chromium into the temp dir when
 *   there is no system one), so that parallel test files never unpack it at the same moment (CHROMIUM_PATH).
 * - On the embedded pass, makes one empty migrated store and saves its files, from which every test's new store
 *   starts: a new cluster (initdb) and the migrations cost seconds per store.
 */
export default async function setUpOnce(): Promise<() => Promise<void>> {
  const choice = await findChromium();
  process.env.CHROMIUM_PATH = choice.executablePath;
  process.env.SEEDSCOPE_TEST_CHROMIUM_SOURCE = choice.source;
  let saved: string | null = null;
  if (TEST_BACKEND === "pglite") {
    saved = join(tmpdir(), `seedscope-test-store-${process.pid}.tar`);
    await writeFile(saved, new Uint8Array(await (await migratedStoreFiles()).arrayBuffer()));
    process.env[MIGRATED_STORE_FILES_ENV] = saved;
  }
  return async () => {
    if (saved !== null) await rm(saved, { force: true });
  };
}
