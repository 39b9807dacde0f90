import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { UserError } from "@seedscope/core";
import type { Store } from "@seedscope/db";
import { publicMessage } from "./errors";

/** What every dashboard procedure gets: the open store (PGlite or PostgreSQL). */
export interface DashboardContext {
  readonly store: Store;
  /** Error responses carry stack traces and internal messages only when this is set (`--verbose`). */
  readonly verbose: boolean;
}

// superjson keeps Dates and the NaN that statistics use for "undefined" (plain JSON would turn NaN into null).
// isDev is off whatever NODE_ENV says: the stack goes out only when the context asks for it.
const t = initTRPC.context<DashboardContext>().create({
  transformer: superjson,
  isDev: false,
  errorFormatter: ({ shape, error, path, ctx }) => {
    const verbose = ctx?.verbose ?? false;
    return {
      ...shape,
      message: publicMessage(error, path, verbose),
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        ...(verbose && error.stack ? { stack: error.stack } : {}),
      },
    };
  },
});

export const router = t.router;

/** A procedure whose UserErrors (bad references, unknown names) reach the browser as BAD_REQUEST. */
export const procedure = t.procedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof UserError) {
    throw new TRPCError({ code: "BAD_REQUEST", message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});
