import { type StopOnSignals, stopOnSignals } from "@seedscope/sweep";

/** Past this, a stopping sweep exits even if something hangs: its workers were killed at 0.5 s. */
const EXIT_DEADLINE_MS = 1_100;

/** What a sweep stopped at its exit deadline still tells the user (how to continue), once the sweep is known. */
let deadlineHint: string | undefined;

/** Sets the line a sweep stopped by a signal prints even when it exits at the deadline (undefined: said already). */
export function sayWhenStopped(line: string | undefined): void {
  deadlineHint = line;
}

/**
 * The stop signal of a sweep parent: the first SIGINT/SIGTERM/SIGHUP (to it or to its process group,
 * from the moment the command runs) stops the workers, records their runs and exits 130; later ones change nothing.
 */
export function stopSweepOnSignals(): StopOnSignals {
  const stop = stopOnSignals({
    onRepeat: (signal) => process.stderr.write(`seedscope: ${signal}: already stopping (recording the runs held)\n`),
  });
  const deadline = () => {
    setTimeout(() => {
      process.stderr.write("seedscope: stopped (exit deadline reached)\n");
      if (deadlineHint) process.stdout.write(`${deadlineHint}\n`);
      process.exit(130);
    }, EXIT_DEADLINE_MS).unref();
  };
  stop.signal.addEventListener("abort", deadline, { once: true });
  return stop;
}
