import type { IncomingMessage, ServerResponse } from "node:http";
import { isAllowedHostHeader, LOOPBACK_HOST_NAMES } from "./host-check";
import { REQUEST_LIMITS } from "./limits";
import { mlflowAccessProblem } from "./mlflow/access";
import { MLFLOW_ERROR_STATUS, type MlflowErrorCode } from "./mlflow/errors";
import { isMlflowTarget, isReadRequest } from "./mlflow/routes";
import { checkToken, TOKEN_QUERY_PARAM, tokenCookie } from "./token";

export interface GuardOptions {
  /** The address the dashboard is bound to. */
  readonly host: string;
  /** The token every request must carry, or null on loopback (where the Host header is checked instead). */
  readonly token: string | null;
  /** Requests under this path go to the tRPC API (GET, HEAD, POST); every other path is a page (GET, HEAD). */
  readonly apiPath: string;
  /** `--public-read`: GET and HEAD requests (and the MLflow API's searches) need no token. */
  readonly publicRead?: boolean;
  /** The MLflow-compatible API (GET, POST) under its prefixes; absent, those paths are pages. */
  readonly mlflow?: {
    /** On loopback, SEEDSCOPE_TOKEN when set: the API's writes then need it. Null leaves them open. */
    readonly writeToken: string | null;
    /** The API's body limit (a log-batch needs more than the tRPC API's). */
    readonly maxBodyBytes: number;
  };
}

/** Which part of the dashboard a request is for: each answers refusals in its own shape. */
type Target = "page" | "api" | "mlflow";

/** A request the guard answers itself: a 4xx, or the 303 that follows a correct `?token=`. */
interface Refusal {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const TRPC_CODES: Readonly<Record<number, string>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  405: "METHOD_NOT_SUPPORTED",
  411: "BAD_REQUEST",
  413: "PAYLOAD_TOO_LARGE",
  414: "BAD_REQUEST",
  421: "FORBIDDEN",
};

const MLFLOW_CODES: Readonly<Record<number, MlflowErrorCode>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  405: "BAD_REQUEST",
  411: "BAD_REQUEST",
  413: "REQUEST_LIMIT_EXCEEDED",
  414: "BAD_REQUEST",
  421: "PERMISSION_DENIED",
};

/**
 * Answers a refused request with one sentence: in tRPC's error shape for API calls, in MLflow's
 * (`error_code`, `message`) for the MLflow API, as text for pages.
 */
function refuse(req: IncomingMessage, res: ServerResponse, target: Target, refusal: Refusal): void {
  const api = target !== "page";
  const body =
    target === "mlflow"
      ? JSON.stringify({ error_code: MLFLOW_CODES[refusal.status] ?? "BAD_REQUEST", message: refusal.message })
      : api
        ? JSON.stringify({
            error: {
              json: {
                message: refusal.message,
                code: -32600,
                data: { code: TRPC_CODES[refusal.status] ?? "BAD_REQUEST", httpStatus: refusal.status },
              },
            },
          })
        : `${refusal.message}\n`;
  // The request body (if any) is never read: close the connection rather than leave it unread on a kept-alive one.
  res.writeHead(refusal.status, {
    ...refusal.headers,
    "content-type": api ? "application/json" : "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    connection: "close",
  });
  res.end(req.method === "HEAD" ? undefined : body);
}

function procedureCount(pathname: string, apiPath: string): number {
  let path = pathname.slice(apiPath.length);
  try {
    path = decodeURIComponent(path);
  } catch {
    // tRPC itself answers a malformed path with a 404.
  }
  return path.split(",").length;
}

/** The problem with a request before its handler sees it, or null when it may go on. */
function problem(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  target: Target,
  options: GuardOptions,
): Refusal | null {
  const api = target !== "page";
  if (options.token === null && !isAllowedHostHeader(req.headers.host, options.host)) {
    return {
      status: 421,
      message: `This dashboard only answers requests whose Host is ${LOOPBACK_HOST_NAMES.join(", ")} (any port); open it as http://127.0.0.1:<port>.`,
    };
  }
  let tokenInQuery = false;
  const read = req.method === "GET" || req.method === "HEAD";
  if (target === "mlflow") {
    const refused = mlflowAccessProblem(req, isReadRequest(req.method ?? "", url.pathname), {
      token: options.token,
      writeToken: options.mlflow?.writeToken ?? null,
      publicRead: options.publicRead ?? false,
    });
    if (refused)
      return {
        status: MLFLOW_ERROR_STATUS[refused.code],
        message: refused.message,
        headers: { "www-authenticate": 'Basic realm="seedscope", Bearer realm="seedscope"' },
      };
  } else if (options.token !== null) {
    const token = checkToken(req, url, options.token);
    if (token === "missing" && read && options.publicRead) {
      // --public-read: anyone may look.
    } else if (token === "missing" || token === "wrong") {
      return {
        status: 401,
        message:
          token === "missing"
            ? `This dashboard needs its token: send "Authorization: Bearer <SEEDSCOPE_TOKEN>" or open the URL with ?${TOKEN_QUERY_PARAM}=<SEEDSCOPE_TOKEN> once.`
            : "The token does not match SEEDSCOPE_TOKEN of this dashboard.",
        headers: { "www-authenticate": 'Bearer realm="seedscope"' },
      };
    }
    tokenInQuery = token === "query";
    if (tokenInQuery) res.setHeader("set-cookie", tokenCookie(options.token));
  }
  const allowed = api ? ["GET", "HEAD", "POST"] : ["GET", "HEAD"];
  const maxBody = target === "mlflow" ? (options.mlflow?.maxBodyBytes ?? 0) : REQUEST_LIMITS.maxBodyBytes;
  if (!allowed.includes(req.method ?? "")) {
    return {
      status: 405,
      message: `The dashboard answers ${allowed.join(", ")} requests${api ? " on its API" : " for pages"}, not ${req.method}.`,
      headers: { allow: allowed.join(", ") },
    };
  }
  // A body without a declared length (chunked) could not be refused before it is read.
  if (req.headers["transfer-encoding"] !== undefined) {
    return {
      status: 411,
      message: `A request body needs a Content-Length (at most ${maxBody} bytes), not chunked transfer.`,
    };
  }
  const length = Number(req.headers["content-length"] ?? 0);
  if (!Number.isFinite(length) || length > maxBody) {
    return {
      status: 413,
      message: `The request body may be at most ${maxBody} bytes.`,
    };
  }
  if (target === "api" && url.searchParams.get("batch") === "1") {
    const count = procedureCount(url.pathname, options.apiPath);
    if (count > REQUEST_LIMITS.maxBatchSize) {
      return {
        status: 400,
        message: `A batched call may ask for at most ${REQUEST_LIMITS.maxBatchSize} procedures (this one asks for ${count}); split it.`,
      };
    }
  }
  if (tokenInQuery && !api) {
    // The cookie now carries the token: take it out of the address bar and the history.
    url.searchParams.delete(TOKEN_QUERY_PARAM);
    // One leading slash: "//elsewhere" would send the browser to another host.
    const location = `/${url.pathname.replace(/^\/+/, "")}${url.search}`;
    return { status: 303, message: `The token is set; go on to ${location}.`, headers: { location } };
  }
  return null;
}

/**
 * Checks every request before the pages or the API see it: URL length, Host (on loopback, against DNS
 * rebinding) or token (beyond loopback), method, body size and batch size. Returns true when it answered
 * the request itself with a 4xx.
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse, options: GuardOptions): boolean {
  const target = req.url ?? "/";
  // The same test that routes the request (serve.ts), on the target as sent.
  const kind: Target = target.startsWith(options.apiPath)
    ? "api"
    : options.mlflow !== undefined && isMlflowTarget(target)
      ? "mlflow"
      : "page";
  if (target.length > REQUEST_LIMITS.maxUrlLength) {
    refuse(req, res, kind, {
      status: 414,
      message: `The request URL has ${target.length} characters; the dashboard accepts at most ${REQUEST_LIMITS.maxUrlLength}.`,
    });
    return true;
  }
  let url: URL | null = null;
  try {
    // Only a path: an absolute-form target ("http://elsewhere/…") would name another origin.
    if (target.startsWith("/")) url = new URL(target, "http://dashboard.invalid");
  } catch {}
  if (url === null) {
    refuse(req, res, kind, { status: 400, message: "The request target must be a path starting with /." });
    return true;
  }
  const refusal = problem(req, res, url, kind, options);
  if (refusal) {
    refuse(req, res, kind, refusal);
    return true;
  }
  return false;
}
