export { createMlflowHandler, sendMlflowError } from "./handler";
export { DEFAULT_STALE_AFTER_MS, type MlflowOptions } from "./context";
export { MlflowError } from "./errors";
export { MLFLOW_MAX_BODY_BYTES } from "./parse";
export { isMlflowTarget, isReadRequest, MLFLOW_PREFIXES } from "./routes";
export { type MlflowFlags, mlflowOptionsFromFlags } from "./options";
