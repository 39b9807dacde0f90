import { UserError } from "@seedscope/core";

/** Prints an error as one line (the stack only with --verbose) and returns the exit code. */
export function reportError(error: unknown, verbose: boolean): number {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UserError) {
    process.stderr.write(`seedscope: ${message}\n`);
  } else {
    const firstLine = message.split("\n").find((l) => l.trim() !== "") ?? "unexpected error";
    process.stderr.write(`seedscope: ${firstLine}${verbose ? "" : " (run again with --verbose for details)"}\n`);
  }
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}
