import type { Command } from "commander";
import { DEMO_SWEEP } from "@seedscope/sweep/demo";

const collect = (value: string, previous: string[]) => [...previous, value];

/** The options `dashboard` and `start` share: who may read, how the MLflow-compatible API maps what it gets. */
function addServeOptions(command: Command): Command {
  return command
    .option("--public-read", "let GET requests (pages, API reads) in without SEEDSCOPE_TOKEN", false)
    .option(
      "--metric-alias <name=key>",
      "MLflow API: store a metric name under a seedscope key, e.g. --metric-alias acc=val/top1 (repeatable)",
      collect,
      [],
    )
    .option("--seed-param <name>", "MLflow API: the param that holds a run's seed (default: seed)")
    .option(
      "--stale-after-minutes <n>",
      "MLflow API: a RUNNING run whose client has not written for this long shows as interrupted",
      "30",
    );
}

export function registerDashboardCommands(program: Command): void {
  addServeOptions(program.command("dashboard"))
    .description("serve the web dashboard on the current store (builds it first when its sources changed)")
    .option("--port <n>", "port to listen on (0 picks a free one)", "3000")
    .option(
      "--host <address>",
      "address to bind; the default keeps it to this machine (any other needs SEEDSCOPE_TOKEN)",
      "127.0.0.1",
    )
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const { dashboardCommand } = await import("./dashboard-actions");
      await dashboardCommand(raw, command);
    });

  addServeOptions(program.command("start"))
    .description("the main job: run the demo seed study if the store has no finished run yet, then serve the dashboard")
    .option("--seeds <n>", "seeds of the demo study when one is needed", String(DEMO_SWEEP.seeds))
    .option("--workers <k>", "local worker processes for the demo")
    .option("--port <n>", "dashboard port", "3000")
    .option("--host <address>", "dashboard address", "127.0.0.1")
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const { startCommand } = await import("./dashboard-actions");
      await startCommand(raw, command);
    });
}
