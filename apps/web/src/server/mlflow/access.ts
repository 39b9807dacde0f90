import type { IncomingMessage } from "node:http";
import { TOKEN_COOKIE, tokensMatch } from "../token";
import { MlflowError } from "./errors";

/** Who may use the MLflow-compatible API. */
export interface MlflowAccess {
  /** Beyond loopback: the token every request needs (reads too, unless `publicRead`). */
  readonly token: string | null;
  /** On loopback: SEEDSCOPE_TOKEN when set, then needed for writes; null leaves writes open to this machine. */
  readonly writeToken: string | null;
  /** `--public-read`: reads need no token. */
  readonly publicRead: boolean;
}

/**
 * The secrets a request offers: MLflow's client sends MLFLOW_TRACKING_TOKEN as `Authorization: Bearer`,
 * MLFLOW_TRACKING_USERNAME / _PASSWORD as Basic (the password is the token); a browser has the cookie.
 */
function offered(req: IncomingMessage): string[] {
  const out: string[] = [];
  const header = req.headers.authorization ?? "";
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) out.push(bearer[1]!);
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon >= 0) out.push(decoded.slice(colon + 1));
  }
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) {
      try {
        out.push(decodeURIComponent(part.slice(eq + 1).trim()));
      } catch {}
    }
  }
  return out;
}

/** Why a request may not use the API (a 401), or null. */
export function mlflowAccessProblem(req: IncomingMessage, read: boolean, access: MlflowAccess): MlflowError | null {
  const needed = access.token ?? (read ? null : access.writeToken);
  if (needed === null || (read && access.publicRead)) return null;
  const given = offered(req);
  if (given.some((secret) => tokensMatch(secret, needed))) return null;
  return new MlflowError(
    "UNAUTHENTICATED",
    given.length === 0
      ? `This server needs its token${read ? "" : " to log"}: set MLFLOW_TRACKING_TOKEN=<SEEDSCOPE_TOKEN> (sent as "Authorization: Bearer"), or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD=<SEEDSCOPE_TOKEN>.`
      : "The token does not match SEEDSCOPE_TOKEN of this server.",
  );
}
