import { UserError } from "@seedscope/core";
import { maskDatabaseUrl } from "./mask-url";

interface PgLikeError {
  code?: string;
  message?: string;
}

/** Turns a failure to connect into one line naming the (masked) URL and what to check. */
export function describeConnectionError(error: unknown, url: string): UserError {
  const masked = maskDatabaseUrl(url);
  const e = (typeof error === "object" && error !== null ? error : {}) as PgLikeError;
  const code = e.code ?? "";
  let database = "";
  try {
    database = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  } catch {
    // keep the generic message
  }
  let hint: string;
  switch (code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
      hint =
        "check that the server is running (docker compose up -d) and that host and port are right, or unset DATABASE_URL to use the embedded store";
      break;
    case "3D000":
      hint = `the database ${database ? `"${database}" ` : ""}does not exist: create it (createdb ${database || "NAME"}) or fix the name in DATABASE_URL`;
      break;
    case "28P01":
    case "28000":
      hint = "the server refused the user or password: check the credentials in DATABASE_URL";
      break;
    default:
      hint = "check DATABASE_URL, or unset it to use the embedded store";
  }
  const reason = code || e.message?.split("\n")[0] || "unknown error";
  return new UserError(`cannot connect to PostgreSQL at ${masked} (${reason}): ${hint}`, { cause: error });
}
