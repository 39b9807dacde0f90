import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { invalid, MlflowError } from "./errors";

/** Bytes in an MLflow request body: a full log-batch (1,000 metrics, 100 params and tags) fits. */
export const MLFLOW_MAX_BODY_BYTES = 1_048_576;

/** The request body as text; a body larger than `limit` is refused (the declared length before reading). */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(limit: number): MlflowError {
  return new MlflowError(
    "REQUEST_LIMIT_EXCEEDED",
    `The request body may be at most ${limit} bytes; send fewer values per call.`,
  );
}

/** A POST's JSON object; anything that is not one is a 400. */
export function jsonBody(req: IncomingMessage, text: string): Record<string, unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json")
    throw new MlflowError(
      "BAD_REQUEST",
      `Send the request body as JSON with "Content-Type: application/json" (got ${type === "" ? "none" : JSON.stringify(type)}).`,
    );
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MlflowError("BAD_REQUEST", `The request body is not valid JSON (${(error as Error).message}).`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new MlflowError("BAD_REQUEST", "The request body must be a JSON object.");
  return value as Record<string, unknown>;
}

/** A GET's query parameters; a name given twice becomes a list. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const seen = out[name];
    out[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return out;
}

function fieldName(path: readonly PropertyKey[]): string {
  let name = "";
  for (const part of path)
    name += typeof part === "number" ? `[${part}]` : name === "" ? String(part) : `.${String(part)}`;
  return name;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const part of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[part];
  }
  return at;
}

/** Validates a request with its schema; the 400 names the first bad field as MLflow does. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = fieldName(issue.path);
  const message = issue.message.replace(/^Invalid input: /, "");
  if (field === "") throw invalid(`Invalid request: ${message}.`);
  const missing = issue.code === "invalid_type" && valueAt(value, issue.path) === undefined;
  throw invalid(
    missing
      ? `Missing value for required parameter '${field}'.`
      : `Invalid value for parameter '${field}': ${message}.`,
  );
}
