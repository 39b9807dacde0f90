import { UserError } from "@seedscope/core";
import { readConfigFile } from "../import/config-file";
import { expandInputs } from "../import/expand-inputs";
import { ImportProgress } from "../import/import-progress";
import { type ImportOptions, parseImportOptions } from "../import/options";
import { readInputs } from "../import/read-inputs";
import { reportJson } from "../import/report-json";
import { reportText } from "../import/report-text";
import type { InputResult } from "../import/types";
import { valV2Fit } from "../import/val-v2-fit";
import { type InputOutcome, writeRuns } from "../import/write-runs";
import { withStore } from "../with-store";

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

/** `seedscope import <format> <paths...>`. */
export async function importCommand(format: string, paths: string[], raw: Record<string, unknown>): Promise<void> {
  await importAll(parseImportOptions(format, paths, raw), process.cwd());
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
