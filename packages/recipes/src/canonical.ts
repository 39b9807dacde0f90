import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** JSON with sorted keys and no whitespace (RFC 8785), so equal recipes serialise to equal bytes. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("cannot serialise a value with no JSON form (undefined or a function)");
  return text;
}

/** sha256 (hex) of the canonical JSON: the identity of a recipe in the store. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}
