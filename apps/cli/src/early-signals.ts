import type { StopSignal } from "@seedscope/sweep";

// Not imported from @seedscope/sweep: this module must load in milliseconds, before everything else.
const STOP_SIGNALS: readonly StopSignal[] = ["SIGINT", "SIGTERM", "SIGHUP"];

const exitNow = () => process.exit(130);

/**
 * For commands that hold runs (`sweep`, `worker`): a SIGINT, SIGTERM or SIGHUP while the program still
 * loads (a second or more) ends it at once with 130, the code of a stopped sweep: nothing is held yet.
 */
export function exitOnEarlySignals(): void {
  for (const s of STOP_SIGNALS) process.on(s, exitNow);
}

/** The command now handles signals itself (and records what it holds before it exits). */
export function endEarlySignals(): void {
  for (const s of STOP_SIGNALS) process.off(s, exitNow);
}
