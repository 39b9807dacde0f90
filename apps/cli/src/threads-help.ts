// Kept apart from threads.ts so that registering commands loads no zod.
export const THREADS_HELP =
  "threads of the wasm backend (default: every core, or SEEDSCOPE_THREADS); the metrics do not depend on it";
