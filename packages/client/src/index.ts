export type { BatchOptions } from "./batcher";
export { SeedscopeClientError } from "./errors";
export { type InitOptions, init } from "./init";
export type { RetryOptions } from "./retry";
export { ClientRun, type Metrics } from "./run";
export type { FinishStatus } from "./transport";
