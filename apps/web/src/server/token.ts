import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { UserError } from "@seedscope/core";
import { isLoopbackAddress } from "./host-check";

/** The cookie that carries the token for browser pages once `?token=` was given. */
export const TOKEN_COOKIE = "seedscope_token";
export const TOKEN_QUERY_PARAM = "token";
export const MIN_TOKEN_LENGTH = 16;

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Compares in constant time: equal-length digests, so neither length nor a common prefix shows in the timing. */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decoded(part.slice(eq + 1).trim());
  }
  return null;
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return match ? match[1]! : null;
}

export type TokenCheck = "header-or-cookie" | "query" | "missing" | "wrong";

/** How a request proves it knows the token: the Authorization header, the cookie, or `?token=` (which sets the cookie). */
export function checkToken(req: IncomingMessage, url: URL, expected: string): TokenCheck {
  const header = bearerToken(req.headers.authorization);
  const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  const query = url.searchParams.get(TOKEN_QUERY_PARAM);
  if ((header !== null && tokensMatch(header, expected)) || (cookie !== null && tokensMatch(cookie, expected))) {
    return "header-or-cookie";
  }
  if (query !== null && tokensMatch(query, expected)) return "query";
  return header === null && cookie === null && query === null ? "missing" : "wrong";
}

/** The Set-Cookie header that lets browser pages (and their API calls) in after `?token=`. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}

/**
 * The token a dashboard bound to `host` requires: none on loopback; beyond it, SEEDSCOPE_TOKEN, which must
 * then be set (the dashboard refuses to start without it).
 */
export function requiredToken(host: string, token: string | undefined): string | null {
  if (isLoopbackAddress(host)) return null;
  const value = token?.trim() ?? "";
  if (value === "") {
    throw new UserError(
      `the dashboard listens on ${host}, beyond this machine, so every request must carry a token: set SEEDSCOPE_TOKEN (e.g. export SEEDSCOPE_TOKEN=$(openssl rand -hex 32)) or bind to 127.0.0.1`,
    );
  }
  if (value.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(value)) {
    throw new UserError(
      `SEEDSCOPE_TOKEN must be at least ${MIN_TOKEN_LENGTH} printable ASCII characters without spaces (e.g. export SEEDSCOPE_TOKEN=$(openssl rand -hex 32))`,
    );
  }
  return value;
}
