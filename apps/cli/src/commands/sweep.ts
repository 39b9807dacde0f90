import type { Command } from "commander";
import { THREADS_HELP } from "../threads-help";
import { BACKEND_NAMES } from "../help-names";
import { DEFAULT_STALE_SECONDS } from "../sweep/defaults";

const collect = (value: string, previous: string[] = []) => [...previous, value];
const STALE_HELP = "a run whose heartbeat is older than this many seconds is taken over from its dead worker";

/** `--workers`, `--backend`, `--retries` and `--stale-after` of a command that works through a sweep. */
function workOptions(command: Command): Command {
  return command
    .option("--workers <k>", "local worker processes", "1")
    .option("--backend <name>", `force a TensorFlow.js backend (${BACKEND_NAMES.join(", ")})`)
    .option("--retries <n>", "times a crashed or killed run is resumed before it is failed", "2")
    .option("--stale-after <seconds>", STALE_HELP, String(DEFAULT_STALE_SECONDS));
}

export function registerSweepCommands(program: Command): void {
  const sweep = program
    .command("sweep")
    .description("plan N seeds × recipes × architectures × datasets, queue them and train them with local workers")
    .option("--recipe <names>", "comma-separated recipe names, e.g. deit3,a2")
    .option("--arch <names>", "comma-separated architectures, e.g. resnet20,vit-tiny")
    .option("--dataset <names>", "comma-separated datasets", "digits")
    .option("--seeds <range>", "seeds, e.g. 0-99 or 0-4,10")
    .option("--epochs <n>", "override every recipe's epochs")
    .option("--set <key=value>", "override a recipe field in every recipe (repeatable)", collect)
    .option(
      "--small-digits",
      "train each recipe at its small-digits setting (12 px, 2,000 images, 8 epochs, its optimizer's small-data lr, no augmentation); --set / --epochs / --train-size still apply on top",
    )
    .option("--name <name>", "a name for the sweep")
    .option(
      "--recipe-name <name>",
      "name the recipe derived by --set / --epochs (with several recipes put {recipe} in it, e.g. {recipe}-hot)",
    )
    .option("--workers <k>", "local worker processes, supervised: one that dies is replaced", "1")
    .option("--train-size <n>", "train on a fixed class-stratified subset of n images of each dataset's train split")
    .option(
      "--eval-size <n>",
      "evaluate on a fixed class-stratified subset of n images of val and n of v2 (faster epochs, noisier top-1)",
    )
    .option("--data-dir <dir>", "where the dataset's files are (cifar10/100, fashion, image-folder)")
    .option("--v2-images <file.npy>", "cifar10/100: the v2 test images as .npy, uint8 (N, 32, 32, 3), e.g. CIFAR-10.1")
    .option("--v2-labels <file.npy>", "cifar10/100: the v2 test labels as .npy")
    .option("--backend <name>", `force a TensorFlow.js backend (${BACKEND_NAMES.join(", ")})`)
    .option("--retries <n>", "times a crashed or killed run is resumed before it is failed", "2")
    .option("--stale-after <seconds>", STALE_HELP, String(DEFAULT_STALE_SECONDS))
    .option("--yes", "confirm a sweep of more than 10,000 runs")
    .action(async (raw: Record<string, unknown>) => {
      const opts = (await import("./sweep-options")).parseSweepOptions(raw);
      const { sweepCommand } = await import("./sweep-actions");
      await sweepCommand(opts);
    });

  workOptions(
    sweep
      .command("resume")
      .description("continue a stopped sweep: finished runs are kept, interrupted ones resume from their checkpoint")
      .argument("<id>", "sweep id"),
  ).action(async (idText: string, _raw: unknown, command: Command) => {
    const { parseSweepId, parseWorkOptions } = await import("./sweep-options");
    const id = parseSweepId(idText, "`seedscope sweep resume 3`");
    const opts = parseWorkOptions(command);
    const { resumeCommand } = await import("./sweep-actions");
    await resumeCommand(id, opts);
  });

  workOptions(
    sweep
      .command("retry")
      .description("train a sweep's failed and/or diverged runs again, each from its last checkpoint")
      .argument("<id>", "sweep id")
      .option("--failed", "retry the failed runs (with neither flag: failed and diverged)")
      .option("--diverged", "retry the diverged runs"),
  ).action(async (idText: string, _raw: unknown, command: Command) => {
    const { parseSweepId, parseRetryOptions } = await import("./sweep-options");
    const id = parseSweepId(idText, "`seedscope sweep retry 3`");
    const opts = parseRetryOptions(command);
    const { retryCommand } = await import("./sweep-actions");
    await retryCommand(id, opts);
  });

  sweep
    .command("status")
    .description("runs of a sweep by status (collapsed ones flagged), and the seed statistics of its finished runs")
    .argument("<id>", "sweep id")
    .action(async (idText: string) => {
      const id = (await import("./sweep-options")).parseSweepId(idText, "`seedscope sweep status 3`");
      const { statusCommand } = await import("./sweep-actions");
      await statusCommand(id);
    });

  sweep
    .command("cancel")
    .description("stop a sweep: its queued and interrupted runs are marked failed (cancelled)")
    .argument("<id>", "sweep id")
    .action(async (idText: string) => {
      const id = (await import("./sweep-options")).parseSweepId(idText, "`seedscope sweep cancel 3`");
      const { cancelCommand } = await import("./sweep-actions");
      await cancelCommand(id);
    });

  program
    .command("worker")
    .description(
      "pull runs of a sweep from the shared queue and train them (any machine that reaches the same PostgreSQL)",
    )
    .requiredOption("--sweep <id>", "the sweep to work on")
    .option("--backend <name>", `force a TensorFlow.js backend (${BACKEND_NAMES.join(", ")})`)
    .option("--retries <n>", "times a crashed or killed run is resumed before it is failed", "2")
    .option("--stale-after <seconds>", STALE_HELP, String(DEFAULT_STALE_SECONDS))
    .option("--threads <n>", THREADS_HELP)
    .option("--ipc", "work for a parent `seedscope sweep` (internal)")
    .action(async (raw: Record<string, unknown>) => {
      const opts = (await import("./sweep-options")).parseWorkerOptions(raw);
      const { workerCommand } = await import("./sweep-actions");
      await workerCommand(opts);
    });
}
