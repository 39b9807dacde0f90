import type { PGlite, Transaction } from "@electric-sql/pglite";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFromStdin } from "pg-copy-streams";

/** The raw SQL interface used where Prisma's query builder is too slow (bulk metrics, migrations). */
export interface SqlClient {
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
  /** Runs `fn` in one transaction: all of it is committed, or none of it (also when `fn` throws). */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /**
   * `COPY table (columns) FROM STDIN` with rows in PostgreSQL's text format. Inside a transaction
   * only: a failed COPY aborts it (use a savepoint to recover).
   */
  copyFrom(copyStatement: string, text: string): Promise<void>;
}

type PgliteQueryable = PGlite | Transaction;

class PgliteSqlClient implements SqlClient {
  constructor(
    private readonly db: PgliteQueryable,
    private readonly root: PGlite | null,
  ) {}

  async query<Row extends object>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.db.query<Row>(text, params as unknown[]);
    return result.rows;
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (this.root === null) return fn(this); // already inside one
    return this.root.transaction((tx) => fn(new PgliteSqlClient(tx, null)));
  }

  async copyFrom(copyStatement: string, text: string): Promise<void> {
    if (this.root !== null) throw new Error("copyFrom must run inside a transaction");
    await this.db.query(`${copyStatement} FROM '/dev/blob'`, [], { blob: new Blob([text]) });
  }
}

export function pgliteSqlClient(db: PGlite): SqlClient {
  return new PgliteSqlClient(db, db);
}

class PgSqlClient implements SqlClient {
  constructor(
    private readonly db: pg.Pool | pg.PoolClient,
    private readonly pool: pg.Pool | null,
  ) {}

  async query<Row extends object>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.db.query(text, params as unknown[]);
    return result.rows as Row[];
  }

  async exec(script: string): Promise<void> {
    await this.db.query(script);
  }

  async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (this.pool === null) return fn(this);
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await fn(new PgSqlClient(client, null));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async copyFrom(copyStatement: string, text: string): Promise<void> {
    if (this.pool !== null) throw new Error("copyFrom must run inside a transaction");
    const client = this.db as pg.PoolClient;
    await pipeline(Readable.from([text]), client.query(copyFromStdin(`${copyStatement} FROM STDIN`)));
  }
}

export function pgSqlClient(pool: pg.Pool): SqlClient {
  return new PgSqlClient(pool, pool);
}
