import type { Store } from "@seedscope/db";
import type { BatchOptions } from "./batcher";
import { HttpTransport } from "./http-transport";
import { type RetryOptions, withRetry } from "./retry";
import { ClientRun } from "./run";
import type { Transport } from "./transport";

export interface InitOptions {
  /** The run's configuration: every hyper-parameter but the seed (runs differing only by seed form one group). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The run's seed (a whole number from 0 to 2³¹ − 1); without one the run is stored but left out of seed statistics. */
  readonly seed?: number | null;
  /** The study (MLflow experiment) the run belongs to; created if new. */
  readonly study: string;
  /** The run's display name. */
  readonly name?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** The parameter the seed is logged as (default `seed`). */
  readonly seedParam?: string;
  /**
   * A seedscope dashboard's address (default SEEDSCOPE_URL, then MLFLOW_TRACKING_URI, then
   * http://127.0.0.1:3000). Ignored when `store` is given.
   */
  readonly url?: string;
  /** The server's token (default SEEDSCOPE_TOKEN), sent as a Bearer token. */
  readonly token?: string;
  /** Write straight into this store (or, `true`, the default store) instead of over HTTP. */
  readonly store?: Store | true;
  /** Extra metric aliases for the store transport (name → seedscope key); the HTTP server maps names itself. */
  readonly aliases?: Readonly<Record<string, string>>;
  readonly batch?: BatchOptions;
  readonly retry?: RetryOptions;
}

function checkSeed(seed: number | null): void {
  if (seed !== null && !(Number.isInteger(seed) && seed >= 0 && seed <= 2_147_483_647))
    throw new Error(`seedscope client: seed must be a whole number from 0 to 2147483647, got ${seed}`);
}

/** Starts a run: `await run.log({ val_acc: 0.71 }, epoch)` per epoch, `await run.finish()` at the end. */
export async function init(options: InitOptions): Promise<ClientRun> {
  const seed = options.seed ?? null;
  checkSeed(seed);
  if (!options.study?.trim()) throw new Error("seedscope client: give the run a study (its MLflow experiment name)");
  const retry = options.retry ?? {};
  let transport: Transport;
  if (options.store !== undefined) {
    // Loaded only here, so that a script logging over HTTP never loads the store's code.
    const { StoreTransport } = await import("./store-transport");
    transport = await StoreTransport.open(options.store, options.aliases);
  } else {
    const url = options.url ?? process.env.SEEDSCOPE_URL ?? process.env.MLFLOW_TRACKING_URI ?? "http://127.0.0.1:3000";
    transport = new HttpTransport(url, options.token ?? process.env.SEEDSCOPE_TOKEN);
  }
  const start = {
    study: options.study.trim(),
    config: options.config,
    seed,
    seedParam: options.seedParam ?? "seed",
    name: options.name ?? null,
    tags: options.tags ?? {},
  };
  try {
    const id = await withRetry(
      () => transport.start(start),
      (e) => transport.isTransient(e),
      retry,
    );
    return new ClientRun(id, transport, retry, options.batch ?? {});
  } catch (error) {
    await transport.close();
    throw error;
  }
}
