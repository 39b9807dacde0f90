import type { TRPCError } from "@trpc/server";

/** A validation problem as zod (and any Standard Schema) reports it. */
interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function issuesOf(cause: unknown): readonly Issue[] | null {
  if (typeof cause !== "object" || cause === null || !("issues" in cause)) return null;
  const issues = (cause as { issues: unknown }).issues;
  return Array.isArray(issues) && issues.length > 0 ? (issues as Issue[]) : null;
}

function sentence(text: string): string {
  const flat = text
    .replace(/:\s*\n\s*/g, ": ")
    .replace(/\s*\n\s*/g, "; ")
    .replace(/\s+/g, " ")
    .trim();
  return /[.!?]$/.test(flat) ? flat : `${flat}.`;
}

/** "Invalid input: expected number, received NaN" at sweepId → "sweepId: expected number, received NaN". */
function describeIssue(issue: Issue): string {
  const field = issue.path.map(String).join(".");
  const message = issue.message.replace(/^Invalid input: /, "");
  if (!field) return message;
  const last = String(issue.path[issue.path.length - 1]);
  // Our schemas' own messages already name the field ("recipeHash must be …").
  return message.startsWith(last) ? `${field.slice(0, field.length - last.length)}${message}` : `${field}: ${message}`;
}

const CODE_SENTENCES: Partial<Record<TRPCError["code"], string>> = {
  PAYLOAD_TOO_LARGE: "The request body is larger than the dashboard accepts.",
  METHOD_NOT_SUPPORTED: "The procedure does not accept this HTTP method.",
  NOT_FOUND: "No such procedure.",
};

/**
 * What the browser is told about a failed request: one sentence, never a stack trace or a server path.
 * Bad input says which field is wrong and why; anything else the server got wrong is reported without
 * its details (they go to the dashboard's log) unless the dashboard runs with `verbose`.
 */
export function publicMessage(error: TRPCError, procedure: string | undefined, verbose: boolean): string {
  const where = procedure ?? "the request";
  const issues = issuesOf(error.cause);
  if (error.code === "BAD_REQUEST" && issues) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
    return sentence(`Invalid input for ${where}: ${describeIssue(issues[0]!)}${more}`);
  }
  if (error.code === "INTERNAL_SERVER_ERROR" && !verbose) {
    return `The server could not answer ${where}; the dashboard's log has the details.`;
  }
  // tRPC's own errors without a message carry only their code (e.g. PAYLOAD_TOO_LARGE).
  if (error.message === error.code) return CODE_SENTENCES[error.code] ?? `The request failed (${error.code}).`;
  return sentence(error.message);
}
