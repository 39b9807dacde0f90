import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecipe } from "../recipes";
import { startRun } from "../runs";
import { openStore, type Store } from "../store";
import { readStoreOwner } from "./store-lock";
import { clientsOf } from "../store-clients";

const SCRIPT = fileURLToPath(new URL("./testing/store-process.ts", import.meta.url));

interface Child {
  readonly child: ChildProcess;
  output(): string;
  readonly exit: Promise<number | null>;
}

function startProcess(dataDir: string, ...args: string[]): Child {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, dataDir, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("close", resolve));
  return { child, output: () => output, exit };
}

async function until(check: () => boolean, what: string, output: () => string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const committed = (output: string) => [...output.matchAll(/^committed (\d+)$/gm)].map((m) => Number(m[1]));

async function metricSteps(store: Store, runId: number): Promise<number[]> {
  const rows = await clientsOf(store).sql.query<{ step: number }>(
    `SELECT step FROM "Metric" WHERE "runId" = $1 ORDER BY step`,
    [runId],
  );
  return rows.map((r) => r.step);
}

describe("one embedded store, many processes", () => {
  let home: string;
  let dataDir: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), "seedscope-shared-"));
    dataDir = join(home, "pglite");
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("serves the first opener's store to later processes, which read and write it at the same time", async () => {
    const owner = await openStore({ config: { backend: "pglite", dataDir } });
    try {
      expect(owner.servedBy()).toEqual({ pid: process.pid, self: true });
      expect(readStoreOwner(`${dataDir}.lock`)?.pid).toBe(process.pid);
      const { hash } = await createRecipe(owner, { body: { shared: "store" } });
      const runs = await Promise.all(
        [1, 2].map((seed) => startRun(owner, { recipeHash: hash, arch: "a", dataset: "d", seed })),
      );
      const writers = runs.map((run) => startProcess(dataDir, "write", String(run.id), "40"));
      const codes = await Promise.all(writers.map((w) => w.exit));
      expect(codes, writers.map((w) => w.output()).join("\n")).toEqual([0, 0]);
      for (const w of writers) expect(w.output()).toMatch(/^ready \d+ client$/m);
      for (const run of runs) expect(await metricSteps(owner, run.id)).toEqual([...Array(40).keys()]);
    } finally {
      await owner.close();
    }
    expect(readStoreOwner(`${dataDir}.lock`)).toBeNull();
  });

  it("loses no committed write when the serving process is killed: a client takes the store over", async () => {
    const holder = startProcess(dataDir, "hold");
    await until(() => /ready \d+ serving/.test(holder.output()), "the first process to serve", holder.output);
    const reader = await openStore({ config: { backend: "pglite", dataDir }, reconnectForMs: 60_000 });
    try {
      expect(reader.servedBy()).toEqual({ pid: holder.child.pid, self: false });
      const { hash } = await createRecipe(reader, { body: { shared: "takeover" } });
      const run = await startRun(reader, { recipeHash: hash, arch: "a", dataset: "d", seed: 9 });
      const writer = startProcess(dataDir, "write", String(run.id), "60");
      await until(() => committed(writer.output()).length >= 15, "15 commits through the first owner", writer.output);
      holder.child.kill("SIGKILL");
      await holder.exit;
      expect(await writer.exit, writer.output()).toBe(0);
      expect(committed(writer.output())).toEqual([...Array(60).keys()]);
      // The writer or this process took the store over; either way every committed step is there once.
      expect(await metricSteps(reader, run.id)).toEqual([...Array(60).keys()]);
      expect(reader.servedBy()?.pid).not.toBe(holder.child.pid);
    } finally {
      holder.child.kill("SIGKILL");
      await reader.close();
    }
  });

  it("hands the store over on a clean exit of its owner", async () => {
    const holder = startProcess(dataDir, "hold");
    await until(() => /ready \d+ serving/.test(holder.output()), "the first process to serve", holder.output);
    const reader = await openStore({ config: { backend: "pglite", dataDir }, reconnectForMs: 60_000 });
    try {
      const before = await clientsOf(reader).sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Metric"`);
      holder.child.kill("SIGTERM");
      expect(await holder.exit).toBe(0);
      const after = await clientsOf(reader).sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Metric"`);
      expect(after).toEqual(before);
      expect(reader.servedBy()).toEqual({ pid: process.pid, self: true });
    } finally {
      await reader.close();
    }
  });
});
