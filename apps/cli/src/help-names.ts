/*
 * Lists that option help texts name, from the packages' dependency-free subpaths, so that registering the
 * commands loads neither @seedscope/engine (TensorFlow.js, ≈ 1 s) nor zod (through @seedscope/core, ≈ 0.3 s):
 * every `seedscope` invocation registers every command.
 */
export { BACKEND_NAMES } from "@seedscope/engine/backend-names";
export { RUN_STATUSES } from "@seedscope/core/run-status-names";
