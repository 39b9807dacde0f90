/** How long and how often a failed call is repeated. */
export interface RetryOptions {
  /** Give up after this long (ms) since the first failure; default 120 s, as seedscope's own processes. */
  readonly timeoutMs?: number;
  /** The first wait (ms), doubled after each failure up to `maxDelayMs`; default 200. */
  readonly initialDelayMs?: number;
  /** Default 5,000. */
  readonly maxDelayMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds, repeating it with exponential backoff (and jitter) while `transient`
 * says its error may pass; any other error, or one still there after `timeoutMs`, is thrown.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  transient: (error: unknown) => boolean,
  options: RetryOptions = {},
  onRetry: (error: unknown, attempt: number) => void = () => {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  let delay = options.initialDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 5_000;
  let firstFailure: number | null = null;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      firstFailure ??= Date.now();
      if (!transient(error) || Date.now() - firstFailure + delay > timeoutMs) throw error;
      onRetry(error, attempt);
      await sleep(delay * (0.5 + Math.random() / 2));
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
