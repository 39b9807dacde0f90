import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import next from "next";
import type { Store } from "@seedscope/db";
import { ensureDashboardBuilt, WEB_DIR, type BuildOptions } from "./build";
import { REQUEST_LIMITS } from "./limits";
import { createMlflowHandler, isMlflowTarget, MLFLOW_MAX_BODY_BYTES, type MlflowOptions } from "./mlflow";
import { guardRequest } from "./request-guard";
import { appRouter } from "./router";
import { requiredToken } from "./token";
import { createWeightsHandler, isWeightsTarget, type RunWeightSource } from "./weights-route";

export const TRPC_PATH = "/api/trpc/";

export interface DashboardOptions extends BuildOptions {
  readonly store: Store;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /**
   * SEEDSCOPE_TOKEN: required when `host` is beyond loopback (then every request must carry it); ignored on
   * loopback, where the Host header is checked instead.
   */
  readonly token?: string;
  /** Error responses with stack traces and internal messages, for debugging (`seedscope --verbose dashboard`). */
  readonly verbose?: boolean;
  /** `--public-read`: GET requests (pages, the dashboard's API, the MLflow API's reads) need no token. */
  readonly publicRead?: boolean;
  /** The MLflow-compatible API's mapping (metric aliases, seed param, when a silent run is interrupted). */
  readonly mlflow?: Omit<MlflowOptions, "verbose">;
  /**
   * A run's checkpoint as TensorFlow.js weight files, served at /weights/<run>/<epoch>/… (the CLI passes the
   * training package's; the web app itself never loads TensorFlow.js). Absent, those paths answer 404.
   */
  readonly weights?: RunWeightSource;
}

export interface RunningDashboard {
  readonly url: string;
  /** The token requests must carry, or null on loopback. */
  readonly token: string | null;
  /** Whether anyone on this machine may log through the MLflow-compatible API (loopback, no SEEDSCOPE_TOKEN). */
  readonly mlflowWritesOpen: boolean;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * The dashboard's tRPC API on a store, as a Node request handler for requests under {@link TRPC_PATH}.
 * A server-side failure is logged here (one line, the stack with `verbose`); the browser gets one sentence.
 */
export function createApiHandler(store: Store, options: { verbose?: boolean } = {}): RequestListener {
  const verbose = options.verbose ?? false;
  return createHTTPHandler({
    router: appRouter,
    basePath: TRPC_PATH,
    maxBatchSize: REQUEST_LIMITS.maxBatchSize,
    maxBodySize: REQUEST_LIMITS.maxBodyBytes,
    createContext: () => ({ store, verbose }),
    // Every procedure is a query: a POST to one is refused, and the 405 says what is allowed.
    responseMeta: ({ errors }) =>
      errors.some((e) => e.code === "METHOD_NOT_SUPPORTED") ? { headers: { allow: "GET, HEAD" } } : {},
    onError: ({ error, path }) => {
      if (error.code !== "INTERNAL_SERVER_ERROR") return;
      const cause = error.cause ?? error;
      if (verbose) console.error(`dashboard: ${path ?? "?"} failed:`, cause);
      else {
        const firstLine = cause.message.split("\n").find((line) => line.trim() !== "") ?? cause.name;
        console.error(`dashboard: ${path ?? "?"} failed: ${firstLine.trim()} (run with --verbose for the stack)`);
      }
    },
  });
}

/**
 * Serves the built Next.js app and its tRPC API from this process, on the store it was given: the
 * API runs here (not inside Next's bundle), so the embedded PGlite store stays in one process.
 */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const host = options.host ?? "127.0.0.1";
  const token = requiredToken(host, options.token);
  await ensureDashboardBuilt(options);
  const app = next({ dev: false, dir: WEB_DIR, hostname: host, port: options.port ?? 3000 });
  await app.prepare();
  const handlePage = app.getRequestHandler();
  const handleApi = createApiHandler(options.store, { verbose: options.verbose });
  const maxBodyBytes = options.mlflow?.maxBodyBytes ?? MLFLOW_MAX_BODY_BYTES;
  const handleWeights = createWeightsHandler(options.weights, { verbose: options.verbose });
  const handleMlflow = createMlflowHandler(options.store, {
    ...options.mlflow,
    maxBodyBytes,
    verbose: options.verbose,
  });
  // On loopback the dashboard needs no token, but a SEEDSCOPE_TOKEN that is set guards the MLflow API's writes.
  const writeToken = token ?? (options.token?.trim() || null);
  const guard = {
    host,
    token,
    apiPath: TRPC_PATH,
    publicRead: options.publicRead ?? false,
    mlflow: { writeToken, maxBodyBytes },
  };
  const server = createServer({ maxHeaderSize: REQUEST_LIMITS.maxHeaderBytes }, (req, res) => {
    if (guardRequest(req, res, guard)) return;
    const target = req.url ?? "/";
    if (target.startsWith(TRPC_PATH)) handleApi(req, res);
    else if (isMlflowTarget(target)) handleMlflow(req, res);
    else if (isWeightsTarget(target)) handleWeights(req, res);
    else void handlePage(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3000, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    token,
    mlflowWritesOpen: writeToken === null,
    server,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
