export * from "./random";
export * from "./errors";
export * from "./run-status";
export * from "./metrics";
export * from "./recipe";
export * from "./recipe-upgrade";
export * from "./collapse";
export * from "./external-recipe";
