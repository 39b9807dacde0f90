import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { publicMessage } from "./errors";

const zodFailure = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected a failure");
  return new TRPCError({ code: "BAD_REQUEST", message: result.error.message, cause: result.error });
};

describe("publicMessage: what the browser is told about a failed request", () => {
  it("turns bad input into one sentence naming the field, not zod's JSON", () => {
    const error = zodFailure(z.object({ sweepId: z.number().int().positive() }), { sweepId: Number.NaN });
    const message = publicMessage(error, "sweeps.study", false);
    expect(message).toBe("Invalid input for sweeps.study: sweepId: expected number, received NaN.");
    expect(message).not.toMatch(/[[{]/);
  });

  it("keeps a schema's own message and counts further problems", () => {
    const schema = z.object({
      group: z.object({
        recipeHash: z.string().regex(/^[0-9a-f]{64}$/, "recipeHash must be a full 64-hex-digit recipe hash"),
        arch: z.string().min(1),
      }),
    });
    const message = publicMessage(
      zodFailure(schema, { group: { recipeHash: "xyz", arch: "" } }),
      "sweeps.study",
      false,
    );
    expect(message).toMatch(
      /^Invalid input for sweeps\.study: group\.recipeHash must be a full 64-hex-digit recipe hash \(and 1 more problem\)\.$/,
    );
  });

  it("hides an internal failure's message (it may hold server paths) unless verbose", () => {
    const error = new TRPCError({
      code: "INTERNAL_SERVER_ERROR",
      message: "ENOENT: no such file, open '/work/main/.seedscope/x'",
    });
    expect(publicMessage(error, "runs.get", false)).toBe(
      "The server could not answer runs.get; the dashboard's log has the details.",
    );
    expect(publicMessage(error, "runs.get", true)).toContain("/work/main");
  });

  it("flattens a multi-line user error into one sentence", () => {
    const error = new TRPCError({ code: "BAD_REQUEST", message: "invalid run filter:\n  sort: bad value" });
    expect(publicMessage(error, "runs.list", false)).toBe("invalid run filter: sort: bad value.");
  });
});
