import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UserError } from "@seedscope/core";
import { parseTimmArgs } from "@seedscope/ingest";
import { displayPath } from "./display-path";

/** Reads `--config` (YAML, or JSON, which YAML reads too) as a mapping of parameter names to values. */
export async function readConfigFile(path: string, cwd: string): Promise<Record<string, unknown>> {
  const abs = resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(abs, "utf8");
  } catch {
    throw new UserError(`--config ${path}: no such file (give a YAML or JSON file of the run's arguments)`);
  }
  return parseTimmArgs(text, displayPath(abs, cwd));
}
