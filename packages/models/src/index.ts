export type {
  ArchitectureInfo,
  BranchDrop,
  BranchInfo,
  BranchTrace,
  ForwardOptions,
  Model,
  ModelSpec,
  ParameterInfo,
} from "./types";
export { createModel, listArchitectures } from "./registry";
export { scaleStageWidths } from "./family";
