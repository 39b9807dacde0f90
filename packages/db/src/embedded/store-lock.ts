import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { UserError } from "@seedscope/core";
import { processAlive, processStartTime } from "./process-identity";

/** The lock file beside an embedded store: which process owns the data files and where it serves them. */
export interface StoreOwner {
  readonly pid: number;
  readonly host: string;
  readonly started: string | null;
  /** The Unix socket other processes connect to; null while the owner is still opening the store. */
  readonly socket: string | null;
}

export type LockAttempt = { readonly taken: true } | { readonly taken: false; readonly owner: StoreOwner };

export function readStoreOwner(path: string): StoreOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, "utf8")) as Partial<StoreOwner>;
    if (typeof owner.pid !== "number" || typeof owner.host !== "string") return null;
    return { pid: owner.pid, host: owner.host, started: owner.started ?? null, socket: owner.socket ?? null };
  } catch {
    return null;
  }
}

function me(socket: string | null): StoreOwner {
  return { pid: process.pid, host: hostname(), started: processStartTime(process.pid), socket };
}

/**
 * Takes the lock if nobody holds it, or if its holder is a process of this host that no longer runs (killed,
 * crashed, or a reused pid): then this process may open the data files. Otherwise names the live owner.
 */
export function tryTakeStoreLock(path: string, what: string): LockAttempt {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me(null)), { flag: "wx" });
      return { taken: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readStoreOwner(path);
    if (owner && owner.pid === process.pid && owner.host === hostname()) return { taken: false, owner };
    if (owner && owner.host !== hostname()) {
      throw new UserError(
        `${what} is locked by process ${owner.pid} on host ${owner.host}: if that process is gone, delete ${path}`,
      );
    }
    if (owner && processAlive(owner.pid, owner.started)) return { taken: false, owner };
    // The owner is dead (or the file unreadable): move the stale lock aside atomically and try again.
    try {
      renameSync(path, `${path}.stale-${process.pid}`);
      unlinkSync(`${path}.stale-${process.pid}`);
    } catch {
      // Another process took it over first; the next attempt sees its lock.
    }
  }
  throw new UserError(`could not lock ${what} (${path}): other processes keep taking it; try again`);
}

/** Tells other processes where this owner serves the store, or (null) that it is closing it. */
export function publishStoreSocket(path: string, socket: string | null): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(me(socket)));
  renameSync(temporary, path);
}

export function releaseStoreLock(path: string): void {
  const owner = readStoreOwner(path);
  if (owner?.pid === process.pid && owner.host === hostname()) unlinkSync(path);
}
