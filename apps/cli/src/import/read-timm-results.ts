import { access } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { parseTimmResults } from "@seedscope/ingest";
import { displayPath } from "./display-path";
import type { InputFile } from "./expand-inputs";
import { prepareRun } from "./prepare-run";
import { errorLine, type ReadContext, readText } from "./read-context";
import { failedInput, type InputResult, type PreparedRun } from "./types";

/** The v2 table timm writes beside `results-imagenet.csv`. */
export const TIMM_V2_TABLE = "results-imagenetv2-matched-frequency.csv";

/**
 * The seed recorded for a released checkpoint when --seed is not given. The tables do not say which seed
 * trained a model; each (model, image size) is one released run, i.e. one seed of its own recipe. It needs a
 * seed to enter the views built on finished seeded runs — the val-vs-v2 (generalization) view among them —
 * where it forms a group of one.
 */
export const RELEASED_CHECKPOINT_SEED = 0;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The dataset a results table is about, from its name: `results-imagenet.csv` → imagenet. */
export function datasetOfTable(path: string): string | null {
  return /^results-(.+)\.csv$/i.exec(basename(path))?.[1] ?? null;
}

/**
 * A timm results table (val), paired with its v2 table (--v2, else the one beside it): one run per
 * (model, image size) with both splits' top-1/top-5 as final values (step 0). Its identity is the table's
 * file name and the model at its size, so that a newer version of the tables updates the same runs.
 */
export async function readTimmResults(file: InputFile, ctx: ReadContext): Promise<InputResult> {
  const shown = displayPath(file.path, ctx.cwd);
  try {
    if (/imagenetv2/i.test(basename(file.path)))
      return failedInput(
        shown,
        `${shown}: is a v2 table: give results-imagenet.csv and pair this one with --v2 ${shown}`,
      );
    const notes: string[] = [];
    let v2Path = ctx.options.v2 === null ? null : resolve(ctx.cwd, ctx.options.v2);
    if (v2Path === null && (await exists(join(dirname(file.path), TIMM_V2_TABLE)))) {
      v2Path = join(dirname(file.path), TIMM_V2_TABLE);
      notes.push(`v2 values from ${displayPath(v2Path, ctx.cwd)} beside it`);
    }
    const v2Shown = v2Path === null ? "" : displayPath(v2Path, ctx.cwd);
    const valText = await readText(file.path, shown);
    const v2Text = v2Path === null ? null : await readText(v2Path, `--v2 ${v2Shown}`);
    if (v2Path === null) notes.push(`no v2 table (--v2 ${TIMM_V2_TABLE}): val only, outside the val-vs-v2 view`);
    const { runs, unmatched } = parseTimmResults(valText, shown, v2Text, v2Shown);
    const dataset = datasetOfTable(file.path);
    const prepared: PreparedRun[] = runs.map(
      (run) =>
        prepareRun(
          { ...run, seed: ctx.options.seed ?? RELEASED_CHECKPOINT_SEED },
          `${basename(file.path)}#${run.name}`,
          dataset === null ? {} : { dataset },
        ).prepared,
    );
    if (unmatched.valOnly.length > 0)
      notes.push(
        `${unmatched.valOnly.length} model(s) have no row in the v2 table: stored with val only (outside the val-vs-v2 view), e.g. ${unmatched.valOnly.slice(0, 3).join(", ")}`,
      );
    const skipped = unmatched.v2Only.map((what) => ({
      what,
      reason: `only in ${v2Shown}: no val row to pair it with`,
    }));
    return { input: shown, runs: prepared, skipped, notes, error: null };
  } catch (error) {
    return failedInput(shown, errorLine(shown, error));
  }
}
