import type { ZodError } from "zod";

/**
 * An error caused by the user's input or environment, with a message meant to be shown as is:
 * it names what is wrong and how to fix it. The CLI prints these without a stack trace.
 */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UserError";
  }
}

/** Turns a zod failure into one line per problem: `field: what is wrong`. */
export function describeZodError(error: ZodError, what: string): string {
  const lines = error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "(value)";
    return `  ${field}: ${issue.message}`;
  });
  return `invalid ${what}:\n${lines.join("\n")}`;
}

/** Parses `value` with `schema`, throwing a {@link UserError} that names each bad field. */
export function parseInput<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } },
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UserError(describeZodError(result.error, what));
  return result.data;
}
