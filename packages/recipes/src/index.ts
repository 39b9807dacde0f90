export * from "./canonical";
export * from "./registry";
export * from "./diff";
export * from "./overrides";
export * from "./fields";
export * from "./lr";
export * from "./identity";
export * from "./label";
