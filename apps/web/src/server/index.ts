export { appRouter, type AppRouter } from "./router";
export { ensureDashboardBuilt, isBuildCurrent, WEB_DIR } from "./build";
export { createApiHandler, startDashboard, TRPC_PATH, type DashboardOptions, type RunningDashboard } from "./serve";
export type { DashboardContext } from "./trpc";
