import type { RunStatus } from "@seedscope/core";
import type { ImportedRun } from "@seedscope/ingest";

export const IMPORT_FORMATS = ["deit-log", "timm-summary", "timm-results", "csv"] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One run read from an input, with what the store needs, before anything is written. */
export interface PreparedRun {
  /** The run's identity within its study: the file's real path (and the run in it), or a table's model. */
  readonly identity: string;
  readonly run: ImportedRun;
  /** Its configuration with the seed: the external recipe, the seed and the arch/dataset labels come from it. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: RunStatus;
}

/** Something of an input that was not imported, and why. */
export interface Skipped {
  readonly what: string;
  readonly reason: string;
}

/** What one input (a log, a timm folder, a result table, a CSV file) gave. */
export interface InputResult {
  /** The input as shown: relative to the working directory when inside it. */
  readonly input: string;
  readonly runs: readonly PreparedRun[];
  readonly skipped: readonly Skipped[];
  readonly notes: readonly string[];
  /** One line naming the file (and line) when the input cannot be imported; its runs are then empty. */
  readonly error: string | null;
}

export function failedInput(input: string, error: string): InputResult {
  return { input, runs: [], skipped: [], notes: [], error };
}
