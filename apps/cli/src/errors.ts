// The subpath, not the package: every invocation loads this module, and the package brings zod along.
import { UserError } from "@seedscope/core/errors";

/** The longest first line printed: a minified or wasm-glue message can be tens of kilobytes long. */
const MAX_LINE = 400;

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  // Some WebAssembly runtimes throw plain objects (e.g. Emscripten's ExitStatus { message, status }).
  const message = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message : String(error);
}

/** Prints an error as one line (the stack only with --verbose) and returns the exit code. */
export function reportError(error: unknown, verbose: boolean): number {
  const message = messageOf(error);
  if (error instanceof UserError) {
    process.stderr.write(`seedscope: ${message}\n`);
  } else {
    const firstLine = message.split("\n").find((l) => l.trim() !== "") ?? "unexpected error";
    const line = firstLine.length > MAX_LINE ? `${firstLine.slice(0, MAX_LINE)}…` : firstLine;
    process.stderr.write(`seedscope: ${line}${verbose ? "" : " (run again with --verbose for details)"}\n`);
  }
  if (verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}
