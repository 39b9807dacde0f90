import { Argument, type Command } from "commander";
import { UserError } from "@seedscope/core";
import { readConfigFile } from "../import/config-file";
import { expandInputs } from "../import/expand-inputs";
import { ImportProgress } from "../import/import-progress";
import { type ImportOptions, parseImportOptions } from "../import/options";
import { readInputs } from "../import/read-inputs";
import { reportJson } from "../import/report-json";
import { reportText } from "../import/report-text";
import { IMPORT_FORMATS, type InputResult } from "../import/types";
import { valV2Fit } from "../import/val-v2-fit";
import { type InputOutcome, writeRuns } from "../import/write-runs";
import { withStore } from "../with-store";

const collect = (value: string, previous: string[] = []) => [...previous, value];

const EXAMPLES = `
Examples:
  seedscope import deit-log output/deit_small_seed1/log.txt --seed 1 --config args.yaml --sweep deit-small-seeds
  seedscope import timm-summary output/train/ --sweep resnet50-a2     # every run folder (summary.csv + args.yaml) under it
  seedscope import timm-results results/results-imagenet.csv --v2 results/results-imagenetv2-matched-frequency.csv
  seedscope import csv runs.csv --run-column run --epoch-column epoch --seed-column seed --metric-alias acc=val/top1`;

/** --name and --seed describe one run: with several files they would give every run the same one. */
function checkOneRunFlags(options: ImportOptions, files: number): void {
  if (options.format === "timm-results") {
    if (options.v2 !== null && files > 1)
      throw new UserError(`--v2 pairs with one results table; ${files} were given: import them one at a time`);
    return;
  }
  if (options.name !== null && files > 1)
    throw new UserError(
      `--name is for one file, and ${files} were given: import them one at a time, or leave each run named after its file or folder`,
    );
  if (options.seed !== null && files > 1)
    throw new UserError(
      `--seed is for one file, and ${files} were given: import them one at a time, or put the seed in each run's configuration`,
    );
}

function printErrors(outcomes: readonly { error: string | null }[]): boolean {
  let failed = false;
  for (const o of outcomes) {
    if (o.error === null) continue;
    failed = true;
    process.stderr.write(`seedscope: ${o.error}\n`);
  }
  return failed;
}

async function importAll(options: ImportOptions, cwd: string): Promise<void> {
  const { files, failed } = await expandInputs(options.format, options.paths, cwd);
  checkOneRunFlags(options, files.length);
  const config = options.config === null ? null : await readConfigFile(options.config, cwd);
  const inputs: InputResult[] = [...failed, ...(await readInputs(options.format, files, { cwd, options, config }))];
  if (inputs.every((i) => i.error !== null)) {
    printErrors(inputs);
    process.exitCode = 1;
    return;
  }
  await withStore(async (store) => {
    const progress = new ImportProgress(inputs.reduce((n, i) => n + i.runs.length, 0));
    let outcomes: InputOutcome[];
    let study: Awaited<ReturnType<typeof writeRuns>>["study"];
    try {
      ({ study, outcomes } = await writeRuns(store, options.format, options.study, inputs, progress));
    } finally {
      progress.stop();
    }
    const fit = options.format === "timm-results" ? await valV2Fit(store, study.id) : null;
    console.log(
      options.json ? JSON.stringify(reportJson(study, outcomes, fit), null, 2) : reportText(study, outcomes, fit),
    );
    if (printErrors(outcomes)) process.exitCode = 1;
  });
}

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
      await importAll(parseImportOptions(format, paths, raw), process.cwd());
    });
}
