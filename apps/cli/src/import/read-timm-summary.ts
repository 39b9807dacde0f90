import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { parseTimmSummary, seedFrom } from "@seedscope/ingest";
import { displayPath } from "./display-path";
import type { InputFile } from "./expand-inputs";
import { prepareRun } from "./prepare-run";
import { errorLine, type ReadContext, readText } from "./read-context";
import { failedInput, type InputResult } from "./types";

async function argsBeside(summary: string): Promise<string | null> {
  try {
    return await readFile(join(dirname(summary), "args.yaml"), "utf8");
  } catch {
    return null;
  }
}

/**
 * A timm output folder's `summary.csv` with `args.yaml` beside it (or --config instead): one run, named
 * after the folder, whose identity is the folder's real path.
 */
export async function readTimmSummary(file: InputFile, ctx: ReadContext): Promise<InputResult> {
  const shown = displayPath(file.path, ctx.cwd);
  const folder = dirname(file.path);
  try {
    const text = await readText(file.path, shown);
    if (text.trim() === "")
      return { input: shown, runs: [], skipped: [{ what: shown, reason: "empty file" }], notes: [], error: null };
    const args = ctx.config === null ? await argsBeside(file.path) : null;
    const run = parseTimmSummary(text, shown, {
      name: ctx.options.name ?? basename(folder),
      argsYaml: args,
      seed: ctx.options.seed,
      aliases: ctx.options.aliases,
    });
    const configured =
      ctx.config === null ? run : { ...run, config: ctx.config, seed: ctx.options.seed ?? seedFrom(ctx.config) };
    const notes = ctx.config === null ? run.notes : run.notes.filter((n) => !n.startsWith("no args.yaml"));
    const { prepared, note } = prepareRun(configured, folder);
    return { input: shown, runs: [prepared], skipped: [], notes: [...notes, ...(note ? [note] : [])], error: null };
  } catch (error) {
    return failedInput(shown, errorLine(shown, error));
  }
}
