export * from "./errors";
export * from "./studies";
export * from "./run-config";
export * from "./external-runs";
export * from "./import-run";
