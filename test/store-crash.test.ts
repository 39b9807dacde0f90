import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, readMigrations, type StoreConfig } from "@seedscope/db";
import {
  appliedMigrationNames,
  createThrowawayDatabase,
  findRuns,
  metricPoints,
  TEST_BACKEND,
} from "@seedscope/db/testing";
import { runCli } from "./helpers/cli";

const FIXTURE = new URL("./fixtures/write-batches.ts", import.meta.url).pathname;
const BATCH = 2_000;

describe(`kills and concurrent use on ${TEST_BACKEND}`, () => {
  const home = mkdtempSync(join(tmpdir(), "seedscope-crash-"));
  let env: Record<string, string | undefined>;
  let config: StoreConfig;
  let drop: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    if (TEST_BACKEND === "postgres") {
      const db = await createThrowawayDatabase();
      drop = db.drop;
      env = { DATABASE_URL: db.url };
      config = { backend: "postgres", url: db.url };
    } else {
      env = { DATABASE_URL: undefined, SEEDSCOPE_HOME: home };
      config = { backend: "pglite", dataDir: join(home, "pglite") };
    }
  });
  afterAll(async () => {
    await drop?.();
    rmSync(home, { recursive: true, force: true });
  });

  it("a writer killed with SIGKILL mid-stream leaves only whole batches", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
      env: { ...process.env, ...env, ...(env.DATABASE_URL === undefined ? { DATABASE_URL: "" } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const committed = await new Promise<{ runId: number; batches: number }>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const lines = out
          .trim()
          .split("\n")
          .filter((l) => l.startsWith("committed"));
        if (lines.length >= 3) {
          child.kill("SIGKILL");
          const [, run, batch] = lines.at(-1)!.split(" ");
          resolve({ runId: Number(run), batches: Number(batch) + 1 });
        }
      });
      child.on("exit", (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
    });
    await new Promise((r) => child.once("close", r));
    const store = await openStore({ config });
    try {
      const points = await metricPoints(store, committed.runId);
      const row = { n: points.length, maxStep: Math.max(...points.map((p) => p.step)) };
      // Every batch the writer saw committed is there; a batch cut by the kill is absent, never half there.
      expect(row!.n % BATCH).toBe(0);
      expect(row!.n).toBeGreaterThanOrEqual(committed.batches * BATCH);
      expect(row!.maxStep).toBe(row!.n - 1);
      const runs = await findRuns(store, { id: committed.runId });
      expect(runs[0]!.status).toBe("running"); // until markStaleRunsInterrupted sees its heartbeat expire
    } finally {
      await store.close();
    }
  });

  it("concurrent first use applies each migration exactly once", async () => {
    if (TEST_BACKEND === "postgres") {
      const fresh = await createThrowawayDatabase();
      try {
        const stores = await Promise.all(
          Array.from({ length: 4 }, () => openStore({ config: { backend: "postgres", url: fresh.url }, poolSize: 1 })),
        );
        expect(await appliedMigrationNames(stores[0]!)).toEqual(readMigrations().map((m) => m.name));
        await Promise.all(stores.map((s) => s.close()));
      } finally {
        await fresh.drop();
      }
    } else {
      // The embedded store is served by the process that opened it first: a second process reads it too.
      const store = await openStore({ config });
      try {
        const second = await runCli(["db", "status"], env);
        expect(second.code, second.stderr).toBe(0);
        expect(second.stdout).toMatch(/runs: +1 \(1 running\)/);
        expect(second.stdout).toMatch(new RegExp(`served by process ${process.pid}`));
      } finally {
        await store.close();
      }
      const after = await runCli(["db", "status"], env);
      expect(after.code).toBe(0);
      expect(after.stdout).toMatch(/runs: +1 \(1 running\)/);
    }
  });
});
