import { readFile } from "node:fs/promises";
import { UserError } from "@seedscope/core";
import type { ImportOptions } from "./options";

/** What every format's reader gets besides its file. */
export interface ReadContext {
  readonly cwd: string;
  readonly options: ImportOptions;
  /** `--config`, read once, or null. */
  readonly config: Readonly<Record<string, unknown>> | null;
}

/** The one line to show for an input that failed: a parser's error already names the file and line. */
export function errorLine(shown: string, error: unknown): string {
  if (error instanceof UserError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `${shown}: ${message.split("\n")[0]}`;
}

/** A file's text, or a UserError naming it. */
export async function readText(path: string, shown: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new UserError(`${shown}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
