import { type StopOnSignals, stopOnSignals } from "@seedscope/sweep";

/** Past this, a stopping sweep exits even if something hangs: its workers were killed at 0.5 s. */
const EXIT_DEADLINE_MS = 1_100;

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
      process.exit(130);
    }, EXIT_DEADLINE_MS).unref();
  };
  stop.signal.addEventListener("abort", deadline, { once: true });
  return stop;
}
