export { appRouter, type AppRouter } from "./router";
export { ensureDashboardBuilt, isBuildCurrent, WEB_DIR } from "./build";
export { createApiHandler, startDashboard, TRPC_PATH, type DashboardOptions, type RunningDashboard } from "./serve";
export { REQUEST_LIMITS } from "./limits";
export { requiredToken, TOKEN_QUERY_PARAM } from "./token";
export type { DashboardContext } from "./trpc";
export {
  createMlflowHandler,
  DEFAULT_STALE_AFTER_MS,
  isMlflowTarget,
  MLFLOW_MAX_BODY_BYTES,
  MLFLOW_PREFIXES,
  type MlflowFlags,
  type MlflowOptions,
  mlflowOptionsFromFlags,
} from "./mlflow";
export { type GuardOptions, guardRequest } from "./request-guard";
export { createWeightsHandler, isWeightsTarget, type RunWeightSource, WEIGHTS_PREFIX } from "./weights-route";
