import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { UserError } from "@seedscope/core";

interface LockOwner {
  pid: number;
  host: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

/**
 * Takes an exclusive lock file holding this process's pid. A lock left by a process that no longer
 * runs on this host (killed, crashed) is taken over at once, so a rerun after `kill -9` just works.
 * Returns the release function.
 */
export function acquirePidLock(path: string, what: string): () => void {
  const me: LockOwner = { pid: process.pid, host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: "wx" });
      return () => {
        if (readOwner(path)?.pid === me.pid) unlinkSync(path);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = readOwner(path);
    if (owner && owner.host === me.host && owner.pid !== me.pid && alive(owner.pid)) {
      throw new UserError(
        `${what} is in use by process ${owner.pid}: wait for it to finish, or run several processes ` +
          `against a PostgreSQL server (set DATABASE_URL)`,
      );
    }
    if (owner && owner.host !== me.host) {
      throw new UserError(
        `${what} is locked by process ${owner.pid} on host ${owner.host}: if that process is gone, delete ${path}`,
      );
    }
    // The owner is dead (or the file is unreadable): move the stale lock aside atomically and retry.
    try {
      renameSync(path, `${path}.stale-${process.pid}`);
      unlinkSync(`${path}.stale-${process.pid}`);
    } catch {
      // Another process took it over first; the next attempt sees its lock.
    }
  }
  throw new UserError(`could not lock ${what} (${path}): another process keeps taking it; try again`);
}
