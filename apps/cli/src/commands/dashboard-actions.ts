import type { Command } from "commander";
import { z } from "zod";
import { parseInput } from "@seedscope/core";
import { openStore, storeCounts, type Store } from "@seedscope/db";
import { DemoOptionsSchema, runDemo } from "./demo-actions";

const ServeOptionsSchema = z.object({
  port: z.coerce
    .number({ error: "--port must be a number (e.g. --port 3000)" })
    .int("--port must be a whole number")
    .min(0, "--port must be between 0 and 65535")
    .max(65535, "--port must be between 0 and 65535")
    .default(3000),
  host: z.string().min(1, "--host needs an address, e.g. --host 127.0.0.1").default("127.0.0.1"),
  publicRead: z.boolean().default(false),
  metricAlias: z.array(z.string()).default([]),
  seedParam: z.string().optional(),
  staleAfterMinutes: z.coerce
    .number({ error: "--stale-after-minutes must be a number (e.g. --stale-after-minutes 30)" })
    .positive("--stale-after-minutes must be more than 0")
    .default(30),
});

/** Serves the dashboard on an open store until Ctrl-C (or SIGTERM), then closes both. */
async function serveUntilStopped(
  store: Store,
  options: z.infer<typeof ServeOptionsSchema>,
  verbose: boolean,
): Promise<void> {
  // Loaded on demand: Next.js takes a while to import, and no other command needs it.
  const { startDashboard, TOKEN_QUERY_PARAM, mlflowOptionsFromFlags } = await import("@seedscope/web/server");
  // verbose: API errors log their stack (`seedscope --verbose dashboard`); otherwise one line each.
  const dashboard = await startDashboard({
    store,
    port: options.port,
    host: options.host,
    token: process.env.SEEDSCOPE_TOKEN,
    verbose,
    publicRead: options.publicRead,
    mlflow: mlflowOptionsFromFlags(options),
    // The run page's weights download: loaded on the first request (it brings TensorFlow.js's core along).
    weights: async (runId, epoch) =>
      (await import("@seedscope/train")).runWeightFiles(store, runId, epoch, "the requested epoch"),
  });
  console.log(
    `dashboard: ${dashboard.url}  (store: ${store.backend === "pglite" ? "embedded" : "PostgreSQL"} ${store.location}; Ctrl-C stops it)`,
  );
  if (dashboard.token !== null) {
    console.log(
      `listening on ${options.host}, beyond this machine: every request needs SEEDSCOPE_TOKEN. Open ${dashboard.url}/?${TOKEN_QUERY_PARAM}=${encodeURIComponent(dashboard.token)} once in a browser (it sets a cookie); API clients send "Authorization: Bearer <token>".`,
    );
  }
  console.log(
    dashboard.mlflowWritesOpen
      ? `MLflow-compatible API: MLFLOW_TRACKING_URI=${dashboard.url}; logging is open to every process on this machine (set SEEDSCOPE_TOKEN to require a token).`
      : `MLflow-compatible API: MLFLOW_TRACKING_URI=${dashboard.url}; logging needs MLFLOW_TRACKING_TOKEN=<SEEDSCOPE_TOKEN>.`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await dashboard.close();
}

/** Refuses, before anything else runs, a bind beyond loopback without SEEDSCOPE_TOKEN. */
async function checkDashboardAccess(options: z.infer<typeof ServeOptionsSchema>): Promise<void> {
  const { requiredToken, mlflowOptionsFromFlags } = await import("@seedscope/web/server");
  requiredToken(options.host, process.env.SEEDSCOPE_TOKEN);
  mlflowOptionsFromFlags(options);
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

/** `seedscope dashboard`. */
export async function dashboardCommand(raw: Record<string, unknown>, command: Command): Promise<void> {
  const options = parseInput(ServeOptionsSchema, raw, "options");
  await checkDashboardAccess(options);
  await withOpenStore((store) => serveUntilStopped(store, options, isVerbose(command)));
}

/** `seedscope start`: the demo study when the store has no finished run, then the dashboard. */
export async function startCommand(raw: Record<string, unknown>, command: Command): Promise<void> {
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
}
