import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { UserError } from "@seedscope/core";
import type { Store } from "@seedscope/db";

/** What every dashboard procedure gets: the open store (PGlite or PostgreSQL). */
export interface DashboardContext {
  readonly store: Store;
}

// superjson keeps Dates and the NaN that statistics use for "undefined" (plain JSON would turn NaN into null).
const t = initTRPC.context<DashboardContext>().create({ transformer: superjson });

export const router = t.router;

/** A procedure whose UserErrors (bad references, unknown names) reach the browser as BAD_REQUEST. */
export const procedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof UserError) {
    throw new TRPCError({ code: "BAD_REQUEST", message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});
