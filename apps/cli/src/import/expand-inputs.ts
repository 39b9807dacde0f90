import { realpath, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { displayPath } from "./display-path";
import { failedInput, type ImportFormat, type InputResult } from "./types";

/** What a folder given for each format is searched for (recursively). */
const FOLDER_PATTERNS: Readonly<Record<ImportFormat, { glob: string; what: string }>> = {
  "deit-log": { glob: "**/*.{txt,log,jsonl}", what: "log file (*.txt, *.log, *.jsonl)" },
  "timm-summary": { glob: "**/summary.csv", what: "summary.csv" },
  "timm-results": { glob: "**/results-imagenet.csv", what: "results-imagenet.csv" },
  csv: { glob: "**/*.csv", what: "*.csv file" },
};

/** A file to read; `explicit` when named as such rather than found in a folder or by a glob. */
export interface InputFile {
  readonly path: string;
  readonly explicit: boolean;
}

export interface ExpandedInputs {
  /** Real paths of the files to read, each once, in the order given (a folder's in name order). */
  readonly files: readonly InputFile[];
  /** Paths that name nothing to import, as failed inputs. */
  readonly failed: readonly InputResult[];
}

async function kind(path: string): Promise<"file" | "folder" | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? "folder" : "file";
  } catch {
    return null;
  }
}

async function folderFiles(format: ImportFormat, folder: string): Promise<string[]> {
  const found = await glob(FOLDER_PATTERNS[format].glob, { cwd: folder, absolute: true, onlyFiles: true });
  return found.sort();
}

/** Turns the paths given (files, folders, quoted globs) into the files to import. */
export async function expandInputs(
  format: ImportFormat,
  paths: readonly string[],
  cwd: string,
): Promise<ExpandedInputs> {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  const failed: InputResult[] = [];
  const add = async (file: string, explicit: boolean) => {
    const real = await realpath(file);
    if (seen.has(real)) return;
    seen.add(real);
    files.push({ path: real, explicit });
  };
  const addFolder = async (given: string, folder: string) => {
    const found = await folderFiles(format, folder);
    if (found.length === 0)
      failed.push(
        failedInput(given, `${given}: holds no ${FOLDER_PATTERNS[format].what}: give the files themselves or a glob`),
      );
    for (const file of found) await add(file, false);
  };
  for (const given of paths) {
    const abs = resolve(cwd, given);
    const k = await kind(abs);
    if (k === "file") await add(abs, true);
    else if (k === "folder") await addFolder(given, abs);
    else if (isDynamicPattern(given)) {
      const matches = (await glob(given, { cwd, absolute: true, onlyFiles: false })).sort();
      if (matches.length === 0) failed.push(failedInput(given, `${given}: matches no file`));
      for (const match of matches) {
        if ((await kind(match)) === "folder") await addFolder(displayPath(match, cwd), match);
        else await add(match, false);
      }
    } else failed.push(failedInput(given, `${given}: no such file or folder`));
  }
  return { files, failed };
}
