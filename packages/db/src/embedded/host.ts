import { rmSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { UserError } from "@seedscope/core";
import { socketFile } from "./socket-dir";
import { startWireServer, type WireServer } from "./wire-server";

/** This process owns the data files: PGlite runs here and serves them on the store's socket. */
export interface EmbeddedHost {
  close(): Promise<void>;
}

export async function hostEmbeddedStore(dataDir: string | null, socketDir: string): Promise<EmbeddedHost> {
  // Loaded only by the process that hosts the store: the others (and every command that opens no store) skip it.
  const { PGlite } = await import("@electric-sql/pglite");
  let db: PGlite;
  try {
    db = dataDir === null ? new PGlite() : new PGlite(dataDir);
    await db.waitReady;
  } catch (error) {
    throw new UserError(
      `cannot open the embedded store at ${dataDir} (${error instanceof Error ? error.message : String(error)}): ` +
        `move the folder aside to start a new store, or set SEEDSCOPE_HOME to another folder`,
      { cause: error },
    );
  }
  let server: WireServer;
  try {
    // A socket file left by a killed owner would make listen() fail; only the lock holder gets here.
    rmSync(socketFile(socketDir), { force: true });
    server = await startWireServer({ db, listen: { path: socketFile(socketDir) } });
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    async close() {
      await server.close();
      await db.close();
    },
  };
}
