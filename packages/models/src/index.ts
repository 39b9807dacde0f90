export type {
  ArchitectureInfo,
  BranchDrop,
  BranchInfo,
  BranchTrace,
  ForwardOptions,
  Model,
  ModelSpec,
  ParameterInfo,
  PosEmbedResize,
} from "./types";
export { createModel, listArchitectures } from "./registry";
export { scaleStageWidths } from "./family";
export { bicubicGridMatrix, bicubicMatrix, cubicWeights } from "./layers/bicubic";
