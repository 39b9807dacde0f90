import { basename, extname } from "node:path";
import { parseCsvTable } from "@seedscope/ingest";
import { displayPath } from "./display-path";
import type { InputFile } from "./expand-inputs";
import { prepareRun } from "./prepare-run";
import { errorLine, type ReadContext, readText } from "./read-context";
import { failedInput, type InputResult } from "./types";

/**
 * A generic table, columns mapped by --run-column, --epoch-column, --seed-column and --metric (see
 * ingest's csv-table.ts); --config adds parameters every run shares (a run's own columns win).
 */
export async function readCsv(file: InputFile, ctx: ReadContext): Promise<InputResult> {
  const shown = displayPath(file.path, ctx.cwd);
  try {
    const text = await readText(file.path, shown);
    if (text.trim() === "")
      return { input: shown, runs: [], skipped: [{ what: shown, reason: "empty file" }], notes: [], error: null };
    const runs = parseCsvTable(text, shown, {
      name: ctx.options.name ?? basename(file.path, extname(file.path)),
      ...ctx.options.csv,
      aliases: ctx.options.aliases,
    });
    const notes: string[] = [];
    const prepared = runs.map((run) => {
      const withConfig = {
        ...run,
        config: ctx.config === null ? run.config : { ...ctx.config, ...(run.config ?? {}) },
        seed: run.seed ?? ctx.options.seed,
      };
      const { prepared: p, note } = prepareRun(withConfig, `${file.path}#${run.name}`);
      if (note) notes.push(note);
      return p;
    });
    return { input: shown, runs: prepared, skipped: [], notes, error: null };
  } catch (error) {
    return failedInput(shown, errorLine(shown, error));
  }
}
