import { Argument, type Command } from "commander";
import { IMPORT_FORMATS } from "../import/types";

const collect = (value: string, previous: string[] = []) => [...previous, value];

const EXAMPLES = `
Examples:
  seedscope import deit-log output/deit_small_seed1/log.txt --seed 1 --config args.yaml --sweep deit-small-seeds
  seedscope import timm-summary output/train/ --sweep resnet50-a2     # every run folder (summary.csv + args.yaml) under it
  seedscope import timm-results results/results-imagenet.csv --v2 results/results-imagenetv2-matched-frequency.csv
  seedscope import csv runs.csv --run-column run --epoch-column epoch --seed-column seed --metric-alias acc=val/top1`;

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description(
      "import runs trained elsewhere (DeiT/MAE log.txt, timm summary.csv folders, timm result tables, CSV); importing the same file again changes nothing",
    )
    .addArgument(new Argument("<format>", "what the files are").choices(IMPORT_FORMATS))
    .argument("<paths...>", "files, folders (searched for the format's files) or quoted globs")
    .option("--sweep <study>", "the study to import into, created when new (default: imported <format>)")
    .option("--seed <n>", "the run's seed (one file); timm-results: the seed recorded for every model (default 0)")
    .option("--name <name>", "the run's name (one file; default: its folder or file name)")
    .option(
      "--config <file>",
      "the run's arguments as YAML or JSON (deit-log, csv; timm-summary: instead of args.yaml)",
    )
    .option(
      "--metric-alias <name=key>",
      "map a metric name to a seedscope key, e.g. acc=val/top1 (repeatable)",
      collect,
    )
    .option("--v2 <table>", "timm-results: the v2 table (default: results-imagenetv2-matched-frequency.csv beside it)")
    .option("--run-column <column>", "csv: the column naming each run (default: one run per file, or per row)")
    .option("--epoch-column <column>", "csv: the column holding the epoch (rows are then run × epoch)")
    .option("--epoch-base <0|1>", "csv: whether the epoch column counts from 0 (default) or 1")
    .option("--seed-column <column>", "csv: the column holding each run's seed")
    .option(
      "--metric <column>",
      "csv: a column to import as a metric though its name is no known metric (repeatable)",
      collect,
    )
    .option("--json", "print the outcome as JSON")
    .addHelpText("after", EXAMPLES)
    .action(async (format: string, paths: string[], raw: Record<string, unknown>) => {
      const { importCommand } = await import("./import-actions");
      await importCommand(format, paths, raw);
    });
}
