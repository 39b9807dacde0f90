import type { Store } from "./store";
import { clientsOf } from "./store-clients";

/** What a job queue (pg-boss) needs from the store: run SQL on the store's own connection. */
export interface QueueConnection {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The store's connection pool for the job queue's own tables (PostgreSQL, or the embedded store's socket):
 * the one door through which another library runs SQL on the store.
 */
export function queueConnection(store: Store): QueueConnection {
  const pool = clientsOf(store).pool;
  return { executeSql: async (text, values) => pool.query(text, values) };
}
