import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Store } from "@seedscope/db";
import {
  createApiHandler,
  createMlflowHandler,
  type GuardOptions,
  guardRequest,
  isMlflowTarget,
  MLFLOW_MAX_BODY_BYTES,
  type MlflowOptions,
  TRPC_PATH,
} from "@seedscope/web/server";

export interface MlflowTestServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface MlflowTestServerOptions extends MlflowOptions {
  /** The address the guard believes the server is bound to (it listens on 127.0.0.1 whatever this says). */
  readonly boundHost?: string;
  /** SEEDSCOPE_TOKEN: needed for every request beyond loopback, for the MLflow API's writes on loopback. */
  readonly token?: string;
  readonly publicRead?: boolean;
}

/**
 * The dashboard's request guard, the MLflow-compatible API and the tRPC API in this process, as
 * `startDashboard` wires them, without Next's pages (so no build is needed).
 */
export async function serveMlflow(store: Store, options: MlflowTestServerOptions = {}): Promise<MlflowTestServer> {
  const host = options.boundHost ?? "127.0.0.1";
  const loopback = host === "127.0.0.1";
  const mlflow = createMlflowHandler(store, options);
  const api = createApiHandler(store);
  const guard: GuardOptions = {
    host,
    token: loopback ? null : (options.token ?? null),
    apiPath: TRPC_PATH,
    publicRead: options.publicRead ?? false,
    mlflow: { writeToken: options.token ?? null, maxBodyBytes: options.maxBodyBytes ?? MLFLOW_MAX_BODY_BYTES },
  };
  const server: Server = createServer((req, res) => {
    if (guardRequest(req, res, guard)) return;
    if (req.url?.startsWith(TRPC_PATH)) api(req, res);
    else if (isMlflowTarget(req.url ?? "")) mlflow(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
