import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A private PostgreSQL server in a temporary folder, on a free port, for tests that stop and restart it
 * (never the shared server). Debian's server programs refuse to run as root, so as root they run as the
 * `postgres` user.
 */
export interface OwnPostgres {
  readonly url: string;
  stop(): void;
  start(): void;
  /** A fast restart (`pg_ctl restart -m fast`): every open connection is cut. */
  restart(): void;
  dispose(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function asServerUser(program: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const [command, argv] = root ? ["runuser", ["-u", "postgres", "--", program, ...args]] : [program, args];
  execFileSync(command, argv, { stdio: "pipe" });
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "seedscope-own-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  asServerUser("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctl = (...args: string[]) => asServerUser("pg_ctl", ["-D", data, "-w", "-t", "60", ...args]);
  const start = () => ctl("-o", options, "-l", join(dir, "log"), "start");
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: () => ctl("-m", "fast", "stop"),
    start,
    restart: () => ctl("-m", "fast", "-o", options, "-l", join(dir, "log"), "restart"),
    dispose() {
      try {
        ctl("-m", "immediate", "stop");
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
