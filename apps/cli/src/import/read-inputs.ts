import type { InputFile } from "./expand-inputs";
import type { ReadContext } from "./read-context";
import { readCsv } from "./read-csv";
import { readDeitLog } from "./read-deit-log";
import { readTimmResults } from "./read-timm-results";
import { readTimmSummary } from "./read-timm-summary";
import type { ImportFormat, InputResult } from "./types";

const READERS: Readonly<Record<ImportFormat, (file: InputFile, ctx: ReadContext) => Promise<InputResult>>> = {
  "deit-log": readDeitLog,
  "timm-summary": readTimmSummary,
  "timm-results": readTimmResults,
  csv: readCsv,
};

/** Reads and parses every input file (nothing is stored yet); a bad file becomes a failed input. */
export async function readInputs(
  format: ImportFormat,
  files: readonly InputFile[],
  ctx: ReadContext,
): Promise<InputResult[]> {
  const results: InputResult[] = [];
  for (const file of files) results.push(await READERS[format](file, ctx));
  return results;
}
