import type { Command } from "commander";
import { BACKEND_NAMES } from "../help-names";
import { THREADS_HELP } from "../threads-help";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerTrainCommands(program: Command): void {
  program
    .command("run")
    .description("train one seeded run and record it (recipe, environment, per-epoch metrics on val and v2)")
    .option("--recipe <recipe>", "built-in recipe name (see `seedscope recipes list`), stored recipe hash or run:<id>")
    .option("--arch <name>", "architecture, e.g. resnet20, vit-tiny, cait-xxs, resmlp-s, pcn-s")
    .option("--dataset <name>", "dataset: digits (built in), fashion, cifar10, cifar100, image-folder", "digits")
    .option("--seed <n>", "the run's seed: drives init, data order, augmentation and layer drop", "0")
    .option("--epochs <n>", "override the recipe's epochs (recorded as a derived recipe)")
    .option("--set <key=value>", "override a recipe field, e.g. --set optimizer.lr=0.002 (repeatable)", collect)
    .option(
      "--small-digits",
      "train the recipe at its small-digits setting (12 px, 2,000 images, 8 epochs, the optimizer's small-data lr, no augmentation): minutes to its plateau on a CPU; --set / --epochs / --train-size still apply on top",
    )
    .option(
      "--backend <name>",
      `force a TensorFlow.js backend (${BACKEND_NAMES.join(", ")}); default the fastest that loads`,
    )
    .option("--threads <n>", THREADS_HELP)
    .option("--data-dir <dir>", "where the dataset's files are (cifar10/100, fashion, image-folder)")
    .option("--v2-images <file.npy>", "cifar10/100: the v2 test images as .npy, uint8 (N, 32, 32, 3), e.g. CIFAR-10.1")
    .option("--v2-labels <file.npy>", "cifar10/100: the v2 test labels as .npy")
    .option(
      "--train-size <n>",
      "train on a fixed class-stratified subset of n images of the train split (quick experiments)",
    )
    .option(
      "--eval-size <n>",
      "evaluate on a fixed class-stratified subset of n images of val and n of v2 (faster epochs, noisier top-1)",
    )
    .option("--resume <runId>", "continue an interrupted run from its last epoch checkpoint")
    .option(
      "--stale-after <seconds>",
      "with --resume: take over a run still marked running once its heartbeat is this old (default 60)",
    )
    .option("--tag <tag>", "tag the run (repeatable)", collect)
    .option("--note <text>", "free-text note stored with the run")
    .option(
      "--recipe-name <name>",
      "name the recipe derived by --set / --epochs (default: the base name and the override list)",
    )
    .action(async (raw: Record<string, unknown>) => {
      const opts = (await import("./train-options")).parseRunOptions(raw);
      const { runCommand } = await import("./train-actions");
      await runCommand(opts);
    });
}
