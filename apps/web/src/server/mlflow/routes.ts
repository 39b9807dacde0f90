import { experimentRoutes } from "./experiments";
import { loggingRoutes } from "./logging";
import { metricRoutes } from "./metric-history";
import type { Route } from "./route";
import { runRoutes } from "./runs";

/** Where MLflow clients find the API: the REST path, the web UI's ajax path, and the old preview path. */
export const MLFLOW_PREFIXES = ["/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/", "/api/2.0/preview/mlflow/"] as const;

/** Every endpoint, by path and method. */
export const ROUTES: readonly Route[] = [...experimentRoutes, ...runRoutes, ...loggingRoutes, ...metricRoutes];

const byPath = new Map<string, Route[]>();
for (const route of ROUTES) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);

/** Whether a request target (path and query, as sent) is for the MLflow-compatible API. */
export function isMlflowTarget(target: string): boolean {
  return MLFLOW_PREFIXES.some((prefix) => target.startsWith(prefix));
}

/** The endpoint path under the prefix ("runs/log-batch"), or null outside the API. */
export function endpointOf(pathname: string): string | null {
  const prefix = MLFLOW_PREFIXES.find((p) => pathname.startsWith(p));
  return prefix === undefined ? null : pathname.slice(prefix.length).replace(/\/+$/, "");
}

/** The routes at an endpoint path (one per method); empty for an unknown one. */
export const routesAt = (endpoint: string): readonly Route[] => byPath.get(endpoint) ?? [];

/** Whether a request only reads (so `--public-read` may let it in without a token). */
export function isReadRequest(method: string, pathname: string): boolean {
  if (method === "GET" || method === "HEAD") return true;
  const endpoint = endpointOf(pathname);
  return endpoint !== null && routesAt(endpoint).some((r) => r.method === method && r.read);
}
