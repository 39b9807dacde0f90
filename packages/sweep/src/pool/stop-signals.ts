export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export interface StopOnSignals {
  /** Aborted at the first SIGINT, SIGTERM or SIGHUP (its reason is the signal's name). */
  readonly signal: AbortSignal;
  /** Stops listening. */
  dispose(): void;
}

/**
 * Turns SIGINT, SIGTERM and SIGHUP into an abort. Later signals are only reported to `onRepeat`: a
 * process must never exit before it has recorded the run it holds (the abort makes it do so promptly).
 */
export function stopOnSignals(options: { onRepeat?: (signal: StopSignal) => void } = {}): StopOnSignals {
  const stop = new AbortController();
  const onSignal = (signal: StopSignal) => {
    if (stop.signal.aborted) options.onRepeat?.(signal);
    else stop.abort(signal);
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return {
    signal: stop.signal,
    dispose: () => {
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
    },
  };
}
