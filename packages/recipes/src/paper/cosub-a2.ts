import { a2Paper } from "./a2";
import { cosubMethodRows } from "./cosub";
import { basedOn, type PaperRow, value } from "./rows";

/**
 * cosub for convnets: the Wightman et al. procedure for the base (cosub §4: all other hyper-parameters as in
 * that procedure), τ set per model (cosub Table 2).
 */
export const cosubA2Paper: readonly PaperRow[] = basedOn(
  a2Paper,
  "cosub §4",
  cosubMethodRows({ path: "method.tau", paper: value(0.1), source: "cosub Table 2 (ResNet-50: τ = 0.10)" }),
);
