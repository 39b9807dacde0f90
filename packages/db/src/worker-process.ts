import { hostname } from "node:os";
import { processAlive } from "./embedded/process-identity";

/**
 * Whether a run's recorded worker (`host:pid`, optionally `#index`) is a process of this host that no
 * longer runs: then its run can be taken over at once, without waiting for its heartbeat to go stale.
 * A worker of another host, or a name in another form, is never judged gone here.
 */
export function workerProcessGone(worker: string | null, host = hostname()): boolean {
  const match = worker === null ? null : /^(.+):(\d+)(?:#\d+)?$/.exec(worker);
  if (match === null || match[1] !== host) return false;
  return !processAlive(Number(match[2]), null);
}
