import { type ConfigFields, interruptSilentExternalRuns, type Store } from "@seedscope/db";
import { DEFAULT_METRIC_ALIASES, metricKeyFor } from "@seedscope/ingest";

/** How the MLflow-compatible API maps what clients log (`seedscope dashboard --metric-alias … --seed-param …`). */
export interface MlflowOptions {
  /** Extra metric aliases (foreign name → seedscope key), over the default table. */
  readonly metricAliases?: Readonly<Record<string, string>>;
  /** The param that holds a run's seed (default `seed`). */
  readonly seedParam?: string;
  /** A RUNNING run whose client has not written for this long shows as interrupted (default 30 min). */
  readonly staleAfterMs?: number;
  /** Largest request body (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** Error responses with internal messages; failures logged with their stack. */
  readonly verbose?: boolean;
}

export const DEFAULT_STALE_AFTER_MS = 30 * 60_000;

/** What every endpoint works with. */
export interface MlflowContext {
  readonly store: Store;
  readonly fields: ConfigFields;
  /** The seedscope key a client's metric name is stored under. */
  metricKey(name: string): string;
  /** Marks silent runs interrupted, at most every few seconds; called before reads. */
  refreshStale(): Promise<void>;
}

export function createContext(store: Store, options: MlflowOptions): MlflowContext {
  const aliases = { ...DEFAULT_METRIC_ALIASES, ...options.metricAliases };
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  // A reader sees a silent run as interrupted within a tenth of the threshold (at most 10 s late).
  const every = Math.min(10_000, staleAfterMs / 10);
  let last = Number.NEGATIVE_INFINITY;
  let pending: Promise<void> | null = null;
  const keys = new Map<string, string>();
  return {
    store,
    fields: { seedParam: options.seedParam },
    metricKey(name) {
      let key = keys.get(name);
      if (key === undefined) {
        key = metricKeyFor(name, aliases);
        if (keys.size < 10_000) keys.set(name, key);
      }
      return key;
    },
    refreshStale() {
      if (pending) return pending;
      if (Date.now() - last < every) return Promise.resolve();
      last = Date.now();
      pending = interruptSilentExternalRuns(store, staleAfterMs)
        .then(() => undefined)
        .finally(() => {
          pending = null;
        });
      return pending;
    },
  };
}
