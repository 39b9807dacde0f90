import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFromStdin } from "pg-copy-streams";
import { isConnectionLost } from "./connection-lost";

/** The raw SQL interface used where Prisma's query builder is too slow (bulk metrics, migrations). */
export interface SqlClient {
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
  /**
   * Runs `fn` in one transaction: all of it is committed, or none of it (also when `fn` throws). If the
   * connection is lost, the whole transaction is run again once the store is back.
   */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Whether `copyFrom` works (PostgreSQL; the embedded store cannot take COPY FROM STDIN over the wire). */
  readonly canCopy: boolean;
  /**
   * `COPY table (columns) FROM STDIN` with rows in PostgreSQL's text format. Inside a transaction
   * only: a failed COPY aborts it (use a savepoint to recover).
   */
  copyFrom(copyStatement: string, text: string): Promise<void>;
}

/** How a client gets the store back after losing its connection. */
export interface ReconnectPolicy {
  /** Called before each new attempt (e.g. take over an embedded store whose owner exited). */
  readonly restore: () => Promise<void>;
  /** How long to keep trying before the error reaches the caller. */
  readonly giveUpAfterMs: number;
}

class PgSqlClient implements SqlClient {
  constructor(
    private readonly db: pg.Pool | pg.PoolClient,
    private readonly pool: pg.Pool | null,
    readonly canCopy: boolean,
    private readonly reconnect: ReconnectPolicy | null,
  ) {}

  query<Row extends object>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.retrying(async () => (await this.db.query(text, params as unknown[])).rows as Row[]);
  }

  exec(script: string): Promise<void> {
    return this.retrying(async () => {
      await this.db.query(script);
    });
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    const pool = this.pool;
    if (pool === null) return fn(this);
    return this.retrying(async () => {
      const client = await pool.connect();
      // A connection that breaks between two statements emits 'error' outside any query: the next
      // statement reports it, so the event itself must not crash the process.
      const ignore = () => undefined;
      client.on("error", ignore);
      let broken = false;
      try {
        await client.query("BEGIN");
        const result = await fn(new PgSqlClient(client, null, this.canCopy, null));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        broken = isConnectionLost(error);
        if (!broken) await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.off("error", ignore);
        client.release(broken);
      }
    });
  }

  async copyFrom(copyStatement: string, text: string): Promise<void> {
    if (this.pool !== null) throw new Error("copyFrom must run inside a transaction");
    if (!this.canCopy) throw new Error("this store cannot take COPY FROM STDIN: check canCopy first");
    const client = this.db as pg.PoolClient;
    await pipeline(Readable.from([text]), client.query(copyFromStdin(`${copyStatement} FROM STDIN`)));
  }

  /** Outside a transaction only: inside one, the whole transaction is retried instead. */
  private retrying<T>(attempt: () => Promise<T>): Promise<T> {
    if (this.reconnect === null || this.pool === null) return attempt();
    return withReconnect(attempt, this.reconnect);
  }
}

/** Runs `attempt`, and again with backoff while the store's connection is lost, until the policy gives up. */
export async function withReconnect<T>(attempt: () => Promise<T>, policy: ReconnectPolicy): Promise<T> {
  const giveUpAt = Date.now() + policy.giveUpAfterMs;
  for (let wait = 50; ; wait = Math.min(2_000, wait * 2)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isConnectionLost(error) || Date.now() + wait > giveUpAt) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
    await policy.restore().catch(() => undefined);
  }
}

export function pgSqlClient(
  pool: pg.Pool,
  options: { canCopy: boolean; reconnect: ReconnectPolicy | null },
): SqlClient {
  return new PgSqlClient(pool, pool, options.canCopy, options.reconnect);
}
