import { DB_NOW } from "./db-now";

/**
 * SQL condition "the run's heartbeat is older than the milliseconds in parameter `$n`", on the database
 * clock (workers on other machines agree). The one definition of a stale heartbeat; a run that never
 * sent one gives NULL, which callers decide about.
 */
export function heartbeatOlderThan(param: number, alias?: string): string {
  const column = alias ? `${alias}."heartbeatAt"` : `"heartbeatAt"`;
  return `${column} < ${DB_NOW} - make_interval(secs => $${param}::double precision / 1000)`;
}
