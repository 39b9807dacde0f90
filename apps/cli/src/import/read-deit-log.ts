import { basename, dirname, extname } from "node:path";
import { parseDeitLog } from "@seedscope/ingest";
import { displayPath } from "./display-path";
import type { InputFile } from "./expand-inputs";
import { prepareRun } from "./prepare-run";
import { errorLine, type ReadContext, readText } from "./read-context";
import { failedInput, type InputResult } from "./types";

/** A log's run name: its folder's for DeiT's own `log.txt`, else the file's name without extension. */
export function deitRunName(path: string): string {
  const stem = basename(path, extname(path));
  return stem === "log" ? basename(dirname(path)) : stem;
}

/** Whether a file's first line looks like a DeiT log (a JSON object); a folder's other files are skipped. */
function looksLikeDeitLog(text: string): boolean {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== "");
  return first?.trim().startsWith("{") ?? false;
}

/** One DeiT / MAE / RepViT `log.txt`: one run; the seed from --seed or --config. */
export async function readDeitLog(file: InputFile, ctx: ReadContext): Promise<InputResult> {
  const shown = displayPath(file.path, ctx.cwd);
  try {
    const text = await readText(file.path, shown);
    if (text.trim() === "")
      return { input: shown, runs: [], skipped: [{ what: shown, reason: "empty file" }], notes: [], error: null };
    if (!file.explicit && !looksLikeDeitLog(text))
      return {
        input: shown,
        runs: [],
        skipped: [{ what: shown, reason: "not a DeiT-style log (its first line is not a JSON object)" }],
        notes: [],
        error: null,
      };
    const run = parseDeitLog(text, shown, {
      name: ctx.options.name ?? deitRunName(file.path),
      seed: ctx.options.seed,
      config: ctx.config,
      aliases: ctx.options.aliases,
    });
    const { prepared, note } = prepareRun(run, file.path);
    return { input: shown, runs: [prepared], skipped: [], notes: [...run.notes, ...(note ? [note] : [])], error: null };
  } catch (error) {
    return failedInput(shown, errorLine(shown, error));
  }
}
