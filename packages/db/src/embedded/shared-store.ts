import { rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { UserError } from "@seedscope/core";
import { type EmbeddedHost, hostEmbeddedStore } from "./host";
import { socketDirFor } from "./socket-dir";
import { publishStoreSocket, readStoreOwner, releaseStoreLock, tryTakeStoreLock } from "./store-lock";

/**
 * An embedded store shared by every seedscope process that opens the same folder. The first process to
 * open it owns the data files and serves them over the PostgreSQL protocol on a Unix socket; every process
 * (the owner included: one code path) connects to that socket as a PostgreSQL client. When the owner goes
 * away, the next process to need the store takes the files over and serves them on the same socket.
 */
export class SharedEmbeddedStore {
  readonly socketDir: string;
  private host: EmbeddedHost | null = null;
  private takingOver: Promise<void> | null = null;
  private readonly lockPath: string | null;

  /** `initialData`: for an in-memory store (dataDir null), the data files it starts from (see `StoreConfig`). */
  constructor(
    private readonly dataDir: string | null,
    private readonly initialData?: Blob,
  ) {
    this.socketDir = socketDirFor(dataDir);
    this.lockPath = dataDir === null ? null : `${dataDir}.lock`;
  }

  /** Whether this process serves the store now. */
  get serving(): boolean {
    return this.host !== null;
  }

  /**
   * Makes sure some live process serves the store, taking it over if its owner is gone; waits while another
   * process is still opening it. Concurrent calls in this process share one attempt.
   */
  ensureServed(timeoutMs = 60_000): Promise<void> {
    this.takingOver ??= this.serveOrFindServer(timeoutMs).finally(() => {
      this.takingOver = null;
    });
    return this.takingOver;
  }

  private async serveOrFindServer(timeoutMs: number): Promise<void> {
    if (this.host !== null) return;
    if (this.lockPath === null) {
      this.host = await hostEmbeddedStore(null, this.socketDir, this.initialData);
      return;
    }
    const what = `the embedded store ${this.dataDir}`;
    const deadline = Date.now() + timeoutMs;
    for (let wait = 20; ; wait = Math.min(500, wait * 2)) {
      const attempt = tryTakeStoreLock(this.lockPath, what);
      if (attempt.taken) {
        try {
          this.host = await hostEmbeddedStore(this.dataDir, this.socketDir);
        } catch (error) {
          releaseStoreLock(this.lockPath);
          throw error;
        }
        publishStoreSocket(this.lockPath, this.socketDir);
        return;
      }
      if (attempt.owner.socket !== null) return;
      if (Date.now() > deadline) {
        throw new UserError(
          `${what} is being opened by process ${attempt.owner.pid}, which has not finished after ${Math.round(timeoutMs / 1000)} s: ` +
            `check that process, or stop it and try again`,
        );
      }
      await sleep(wait);
    }
  }

  /** Who serves the store now (for messages and `db status`). */
  owner(): { pid: number; self: boolean } | null {
    if (this.host !== null) return { pid: process.pid, self: true };
    if (this.lockPath === null) return null;
    const owner = readStoreOwner(this.lockPath);
    return owner === null ? null : { pid: owner.pid, self: owner.pid === process.pid };
  }

  /** Stops serving (if this process serves): clients elsewhere lose their connections and take over. */
  async close(): Promise<void> {
    await this.takingOver?.catch(() => undefined);
    const host = this.host;
    this.host = null;
    if (host !== null) {
      // Clients that lose their connection now wait for the lock instead of retrying a closing socket.
      if (this.lockPath !== null) publishStoreSocket(this.lockPath, null);
      await host.close();
      if (this.lockPath !== null) releaseStoreLock(this.lockPath);
    }
    if (this.dataDir === null) rmSync(this.socketDir, { recursive: true, force: true });
  }
}
