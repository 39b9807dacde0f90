import { describe, expect, it } from "vitest";
import { openStore } from "@seedscope/db";
import { findRuns, metricPoints, TEST_BACKEND } from "@seedscope/db/testing";
import { tinyRun } from "./helpers/tiny-run";
import { startCli, waitFor } from "./helpers/cli";
import { useCliEnvironment, withCliStore } from "./helpers/cli-env";

const RUN = tinyRun(12, 6);

describe(`a paused run taken over by another process writes nothing when it wakes up (${TEST_BACKEND})`, () => {
  const cli = useCliEnvironment("run-fencing");
  const theRun = async () => (await withCliStore(cli, findRuns))[0];

  it("SIGSTOP past the stale limit, run --resume elsewhere, SIGCONT: the first stops with one line", {
    timeout: 300_000,
  }, async () => {
    // On the embedded store the first process to open it serves it, and a paused server pauses everyone:
    // this test process serves it, so the paused one is a plain client, as on PostgreSQL.
    const holder = await openStore({ config: cli.config });
    try {
      await pauseAndTakeOver();
    } finally {
      await holder.close();
    }
  });

  async function pauseAndTakeOver(): Promise<void> {
    const first = startCli(RUN, cli.env);
    await waitFor(async () => ((await theRun())?.epochsDone ?? 0) >= 2, "two epochs", 120_000);
    first.child.kill("SIGSTOP");
    const paused = await theRun();
    // The heartbeat (every 3 s) stops with the process; after 5 s it is stale.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    const second = startCli(["run", "--resume", String(paused!.id), "--stale-after", "5"], cli.env);
    await waitFor(
      async () => second.child.exitCode !== null || ((await theRun())?.lease ?? 0) > paused!.lease,
      "the take-over",
      60_000,
    );
    const takenOverAt = (await theRun())!.epochsDone;
    first.child.kill("SIGCONT");
    const firstCode = await first.exit;
    expect(firstCode, first.output()).not.toBe(0);
    expect(first.output()).toMatch(/run \d+ (was taken over by another process|is no longer marked running)/);
    expect(first.output()).toMatch(/without writ/);
    expect(await second.exit, second.output()).toBe(0);
    const run = (await theRun())!;
    expect(run.status).toBe("finished");
    expect(run.events.filter((e) => e.status === "finished")).toHaveLength(1);
    expect(run.worker).toMatch(new RegExp(`:${second.child.pid}$`));
    const val = await withCliStore(cli, (store) => metricPoints(store, run.id, { keys: ["val/top1"] }));
    expect(val.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    console.log(
      `fencing: paused at epoch ${paused!.epochsDone}, taken over at epoch ${takenOverAt} by run --resume --stale-after 5; ` +
        "the woken process stopped without writing",
    );
  }
});
