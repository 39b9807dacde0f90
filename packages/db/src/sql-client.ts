import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

/** The raw SQL interface used where Prisma's query builder is too slow (bulk metrics, migrations). */
export interface SqlClient {
  query<Row extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (no parameters). */
  exec(script: string): Promise<void>;
  /** Runs `fn` in one transaction: all of it is committed, or none of it (also when `fn` throws). */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
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
}

export function pgSqlClient(pool: pg.Pool): SqlClient {
  return new PgSqlClient(pool, pool);
}
