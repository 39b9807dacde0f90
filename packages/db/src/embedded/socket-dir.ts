import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** node-postgres connects to `<dir>/.s.PGSQL.<port>` when its host is a directory. */
export const SOCKET_PORT = 5432;

export const socketFile = (dir: string) => join(dir, `.s.PGSQL.${SOCKET_PORT}`);

/**
 * Where an embedded store is served: the same folder for every process that opens the same data folder, so
 * a client reconnects to whichever process serves it now. It lives under the temp folder (a Unix socket
 * path must stay under ~100 bytes) in a folder only this user may enter.
 */
export function socketDirFor(dataDir: string | null): string {
  const userDir = join(tmpdir(), `seedscope-${userInfo().uid}`);
  mkdirSync(userDir, { recursive: true, mode: 0o700 });
  chmodSync(userDir, 0o700);
  if (dataDir === null) return mkdtempSync(join(userDir, "memory-"));
  const dir = join(userDir, createHash("sha256").update(dataDir).digest("hex").slice(0, 16));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
