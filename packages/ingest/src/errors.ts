import { UserError } from "@seedscope/core";

/** A file that cannot be imported: names the file, the line where known, and what to do. */
export function importError(file: string, message: string, line?: number): UserError {
  return new UserError(`${file}${line === undefined ? "" : `:${line}`}: ${message}`);
}
