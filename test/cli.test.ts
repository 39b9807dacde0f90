import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRecipe, finishRun, logMetrics, openStore, startRun } from "@seedscope/db";
import { TEST_BACKEND } from "@seedscope/db/testing";
import { useCliEnvironment } from "./helpers/cli-env";
import { runCli } from "./helpers/cli";

const MIGRATIONS = readdirSync(new URL("../prisma/migrations", import.meta.url), { withFileTypes: true }).filter((d) =>
  d.isDirectory(),
).length;

describe(`seedscope CLI on ${TEST_BACKEND}`, { timeout: 300_000 }, () => {
  const cli = useCliEnvironment("cli", { noStoreYet: true });

  it("db status names the backend and where it lives, once db migrate has created the store", async () => {
    const migrate = await runCli(["db", "migrate"], cli.env);
    expect(migrate.stderr).toBe("");
    expect(migrate.stdout).toMatch(new RegExp(`applied ${MIGRATIONS} migration\\(s\\)`));
    const r = await runCli(["db", "status"], cli.env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    if (TEST_BACKEND === "pglite") {
      expect(r.stdout).toMatch(/backend: +embedded PGlite/);
      expect(r.stdout).toContain(join(cli.home, "pglite"));
    } else {
      expect(r.stdout).toMatch(/backend: +PostgreSQL/);
      expect(r.stdout).toContain(cli.env.DATABASE_URL!);
    }
    expect(r.stdout).toMatch(new RegExp(`schema: +${MIGRATIONS} migration\\(s\\) applied`));
    expect(r.stdout).toMatch(/runs: +0/);
  });

  it("lists and shows runs written through the run-logging API", async () => {
    const store = await openStore({ config: cli.config });
    let runId: number;
    try {
      const { hash } = await createRecipe(store, { body: { optimizer: "lamb", lr: 5e-3 }, name: "a2-mini" });
      runId = (
        await startRun(store, {
          recipeHash: hash,
          arch: "resnet20",
          dataset: "digits",
          seed: 0,
          params: 270_000,
          tags: ["demo"],
        })
      ).id;
      await logMetrics(store, runId, [
        { key: "val/top1", step: 0, value: 90.5 },
        { key: "val/top1", step: 1, value: 95.25 },
      ]);
      await finishRun(store, runId, { status: "finished", summary: { val: { top1: 95.25 }, v2: { top1: 94.5 } } });
    } finally {
      await store.close();
    }
    const list = await runCli(["runs", "list"], cli.env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`${runId}\\s+│\\s+-\\s+│\\s+a2-mini\\s+│\\s+resnet20\\s+│\\s+digits\\s+│\\s+0\\s+│\\s+finished`),
    );
    expect(list.stdout).toContain("95.25");
    const show = await runCli(["runs", "show", String(runId)], cli.env);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/val top-1 95\.25 +v2 top-1 94\.50/);
    expect(show.stdout).toMatch(/val\/top1\s+│\s+2\s+│\s+1\s+│\s+95\.25/);
    expect(show.stdout).toMatch(/running[\s\S]*finished/);
    const json = JSON.parse((await runCli(["runs", "list", "--json", "--status", "finished"], cli.env)).stdout) as {
      total: number;
    };
    expect(json.total).toBe(1);
  });

  it("rejects bad arguments with one line naming the argument", async () => {
    const notNumber = await runCli(["runs", "show", "abc"], cli.env);
    expect(notNumber.code).toBe(1);
    expect(notNumber.stderr).toMatch(/run id must be a number \(e\.g\. `seedscope runs show 12`\)/);
    const missing = await runCli(["runs", "show", "99999"], cli.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe("seedscope: no run has id 99999: `seedscope runs list` shows the stored runs");
    const badStatus = await runCli(["runs", "list", "--status", "done"], cli.env);
    expect(badStatus.code).toBe(1);
    expect(badStatus.stderr).toMatch(
      /status: --status must be one of queued, running, finished, failed, diverged, interrupted/,
    );
  });

  it("explains an unreachable DATABASE_URL in one line with the password masked", async () => {
    const r = await runCli(["db", "status"], { DATABASE_URL: "postgresql://alice:hunter2@127.0.0.1:1/runs" });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("postgresql://alice:****@127.0.0.1:1/runs");
    expect(r.stderr).toMatch(/ECONNREFUSED.*docker compose up -d/);
    expect(r.stderr).not.toContain("hunter2");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const verbose = await runCli(["--verbose", "db", "status"], {
      DATABASE_URL: "postgresql://alice:hunter2@127.0.0.1:1/runs",
    });
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/\n\s+at /);
    const wrongScheme = await runCli(["db", "status"], { DATABASE_URL: "mysql://root@127.0.0.1/x" });
    expect(wrongScheme.stderr.trim()).toMatch(/^seedscope: DATABASE_URL must start with postgresql:\/\//);
  });

  it("has --help on every command", async () => {
    for (const args of [
      [],
      ["db"],
      ["db", "status"],
      ["db", "migrate"],
      ["runs"],
      ["runs", "list"],
      ["runs", "show"],
      ["sweeps"],
      ["sweeps", "list"],
    ]) {
      const r = await runCli([...args, "--help"], cli.env);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout, args.join(" ")).toMatch(/^Usage: seedscope/);
    }
  });
});
