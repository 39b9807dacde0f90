import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Store } from "@seedscope/db";
import { createContext, type MlflowOptions } from "./context";
import { MlflowError, mlflowErrorOf } from "./errors";
import { jsonBody, MLFLOW_MAX_BODY_BYTES, queryObject, readBody } from "./parse";
import { endpointOf, routesAt } from "./routes";

/** Answers with MLflow's error shape; a refused body is not read, so the connection is closed. */
export function sendMlflowError(
  req: IncomingMessage,
  res: ServerResponse,
  error: MlflowError,
  headers: Readonly<Record<string, string>> = {},
): void {
  send(res, error.status, { error_code: error.code, message: error.message }, { ...headers, connection: "close" }, req);
}

function send(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Readonly<Record<string, string>>,
  req: IncomingMessage,
): void {
  const text = JSON.stringify(body);
  if (res.headersSent) return void res.end();
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(req.method === "HEAD" ? undefined : text);
}

function logFailure(endpoint: string, error: unknown, verbose: boolean): void {
  if (verbose) console.error(`mlflow api: ${endpoint} failed:`, error);
  else {
    const message = error instanceof Error ? error.message : String(error);
    const firstLine = message.split("\n").find((line) => line.trim() !== "") ?? "unknown error";
    console.error(`mlflow api: ${endpoint} failed: ${firstLine.trim()} (run with --verbose for the stack)`);
  }
}

/**
 * The MLflow-compatible tracking API on a store, as a Node request handler for requests under one of
 * MLFLOW_PREFIXES. Bodies are JSON objects (at most 1 MiB by default); GETs take query parameters.
 * Access (token, Host, method, body size) is checked before, by the dashboard's request guard.
 */
export function createMlflowHandler(store: Store, options: MlflowOptions = {}): RequestListener {
  const ctx = createContext(store, options);
  const limit = options.maxBodyBytes ?? MLFLOW_MAX_BODY_BYTES;
  const verbose = options.verbose ?? false;
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://mlflow.invalid");
    const endpoint = endpointOf(url.pathname) ?? "";
    void (async () => {
      const routes = routesAt(endpoint);
      if (routes.length === 0)
        throw new MlflowError(
          "ENDPOINT_NOT_FOUND",
          `No MLflow endpoint "${endpoint}" here (seedscope serves the tracking API).`,
        );
      const method = req.method === "HEAD" ? "GET" : req.method;
      const route = routes.find((r) => r.method === method);
      if (!route) {
        const allowed = routes.map((r) => r.method).join(", ");
        throw Object.assign(
          new MlflowError("BAD_REQUEST", `${endpoint} takes ${allowed} requests, not ${req.method}.`, 405),
          { allow: allowed },
        );
      }
      const input = route.method === "POST" ? jsonBody(req, await readBody(req, limit)) : queryObject(url);
      return route.handle(ctx, input);
    })().then(
      (body) => send(res, 200, body, {}, req),
      (error: unknown) => {
        const known = mlflowErrorOf(error);
        if (known) {
          const allow = (error as { allow?: string }).allow;
          sendMlflowError(req, res, known, allow ? { allow } : {});
          return;
        }
        logFailure(endpoint, error, verbose);
        const message =
          verbose && error instanceof Error
            ? error.message
            : "The server could not answer this request; the dashboard's log has the details.";
        sendMlflowError(req, res, new MlflowError("INTERNAL_ERROR", message));
      },
    );
  };
}
