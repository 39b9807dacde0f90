export * from "./errors";
export * from "./studies";
export * from "./run-config";
export * from "./external-runs";
export * from "./import-run";
export * from "./study-edits";
export * from "./row-versions";
