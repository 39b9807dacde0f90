import { rmSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import { UserError } from "@seedscope/core";
import { socketFile } from "./socket-dir";
import { startWireServer, type WireServer } from "./wire-server";

/** This process owns the data files: PGlite runs here and serves them on the store's socket. */
export interface EmbeddedHost {
  close(): Promise<void>;
}

/**
 * PostgreSQL's buffer cache inside the hosting process. Its default, 128 MB, is PostgreSQL's for a server of
 * its own; here the cache lives in the wasm memory of the process that also trains (a `seedscope run` hosts the
 * store), where it grew by ≈ 130 MB over the first epochs as checkpoints were written, and never shrank. The
 * data files are read through the operating system's page cache anyway.
 */
const SHARED_BUFFERS = "32MB";

export async function hostEmbeddedStore(
  dataDir: string | null,
  socketDir: string,
  initialData?: Blob,
): Promise<EmbeddedHost> {
  // Loaded only by the process that hosts the store: the others (and every command that opens no store) skip it.
  const { PGlite } = await import("@electric-sql/pglite");
  let db: PGlite;
  try {
    const options = { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${SHARED_BUFFERS}`] };
    db =
      dataDir === null
        ? new PGlite({ ...options, ...(initialData === undefined ? {} : { loadDataDir: initialData }) })
        : new PGlite(dataDir, options);
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
