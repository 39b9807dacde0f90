import type pg from "pg";
import type { PrismaClient } from "../generated/prisma/client";
import type { SqlClient } from "./sql-client";
import type { Store } from "./store";

/**
 * What an open store talks to the database with. Only `packages/db` reaches these (this module is not
 * exported): every other package goes through db's functions, so the tables are known in one place.
 */
export interface StoreClients {
  readonly prisma: PrismaClient;
  readonly sql: SqlClient;
  /** The connection pool (PostgreSQL, or the embedded store's socket), for the job queue. */
  readonly pool: pg.Pool;
}

const clients = new WeakMap<Store, StoreClients>();

export function attachClients(store: Store, attached: StoreClients): void {
  clients.set(store, attached);
}

export function clientsOf(store: Store): StoreClients {
  const found = clients.get(store);
  if (found === undefined) throw new Error("not a store opened by openStore");
  return found;
}
