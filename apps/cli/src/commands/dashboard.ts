import type { Command } from "commander";
import { z } from "zod";
import { parseInput } from "@seedscope/core";
import { openStore, storeCounts, type Store } from "@seedscope/db";
import { runDemo, DemoOptionsSchema } from "./demo";

const ServeOptionsSchema = z.object({
  port: z.coerce
    .number({ error: "--port must be a number (e.g. --port 3000)" })
    .int("--port must be a whole number")
    .min(0, "--port must be between 0 and 65535")
    .max(65535, "--port must be between 0 and 65535")
    .default(3000),
  host: z.string().min(1, "--host needs an address, e.g. --host 127.0.0.1").default("127.0.0.1"),
});

/** Serves the dashboard on an open store until Ctrl-C (or SIGTERM), then closes both. */
async function serveUntilStopped(
  store: Store,
  options: z.infer<typeof ServeOptionsSchema>,
  verbose: boolean,
): Promise<void> {
  // Loaded on demand: Next.js takes a while to import, and no other command needs it.
  const { startDashboard, TOKEN_QUERY_PARAM } = await import("@seedscope/web/server");
  // verbose: API errors log their stack (`seedscope --verbose dashboard`); otherwise one line each.
  const dashboard = await startDashboard({
    store,
    port: options.port,
    host: options.host,
    token: process.env.SEEDSCOPE_TOKEN,
    verbose,
  });
  console.log(
    `dashboard: ${dashboard.url}  (store: ${store.backend === "pglite" ? "embedded" : "PostgreSQL"} ${store.location}; Ctrl-C stops it)`,
  );
  if (dashboard.token !== null) {
    console.log(
      `listening on ${options.host}, beyond this machine: every request needs SEEDSCOPE_TOKEN. Open ${dashboard.url}/?${TOKEN_QUERY_PARAM}=${encodeURIComponent(dashboard.token)} once in a browser (it sets a cookie); API clients send "Authorization: Bearer <token>".`,
    );
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await dashboard.close();
}

/** Refuses, before anything else runs, a bind beyond loopback without SEEDSCOPE_TOKEN. */
async function checkDashboardAccess(options: z.infer<typeof ServeOptionsSchema>): Promise<void> {
  const { requiredToken } = await import("@seedscope/web/server");
  requiredToken(options.host, process.env.SEEDSCOPE_TOKEN);
}

/** The global `--verbose` (given before or after the command name). */
const isVerbose = (command: Command) => command.optsWithGlobals<{ verbose?: boolean }>().verbose === true;

async function withOpenStore(fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

export function registerDashboardCommands(program: Command): void {
  program
    .command("dashboard")
    .description("serve the web dashboard on the current store (builds it first when its sources changed)")
    .option("--port <n>", "port to listen on (0 picks a free one)", "3000")
    .option(
      "--host <address>",
      "address to bind; the default keeps it to this machine (any other needs SEEDSCOPE_TOKEN)",
      "127.0.0.1",
    )
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseInput(ServeOptionsSchema, raw, "options");
      await checkDashboardAccess(options);
      await withOpenStore((store) => serveUntilStopped(store, options, isVerbose(command)));
    });

  program
    .command("start")
    .description("the main job: run the demo seed study if the store has no finished run yet, then serve the dashboard")
    .option("--seeds <n>", "seeds of the demo study when one is needed", "3")
    .option("--workers <k>", "local worker processes for the demo")
    .option("--port <n>", "dashboard port", "3000")
    .option("--host <address>", "dashboard address", "127.0.0.1")
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const serve = parseInput(ServeOptionsSchema, raw, "options");
      const demo = parseInput(DemoOptionsSchema, raw, "options");
      await checkDashboardAccess(serve);
      await withOpenStore(async (store) => {
        const counts = await storeCounts(store);
        if (counts.runsByStatus.finished === 0) await runDemo(store, demo);
        else
          console.log(
            `the store already holds ${counts.runsByStatus.finished} finished runs: serving them (\`seedscope demo\` adds a new study)`,
          );
        await serveUntilStopped(store, serve, isVerbose(command));
      });
    });
}
