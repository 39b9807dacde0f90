import type { Recipe } from "@seedscope/core";
import { deit3 } from "./deit3";

/**
 * cosub (Co-training 2^L submodels): the DeiT III ImageNet-1k recipe (App. A.1) with the cosub loss,
 * λ = 0.5, BCE. Only the fields below differ from `deit3`.
 */
export const cosub: Recipe = {
  ...deit3,
  optimizer: {
    // the optimizer is DeiT III's; App. A.1 does not name it again
    kind: "lamb",
    lr: 1e-3, // paper (eq. A.1): LR = 1e-3·sqrt(BS/2048) when training from scratch
    betas: [0.9, 0.999], // not given by the paper (timm's LAMB default)
    eps: 1e-6, // not given by the paper (timm's LAMB default)
  },
  lrScaling: { rule: "sqrt", referenceBatchSize: 2048 }, // paper (eq. A.1); at batch 128 → 2.5e-4
  // weight decay 0.02 (App. A.1 fixes it to 0.02 everywhere), BCE, 3-Augment, LayerScale 1e-4,
  // batch 128 for 2048 and 10 epochs for 400/800: inherited from deit3
  stochasticDepth: {
    // paper: τ by model size (Table A.1): 0.05 for ViT-S, the smallest; DeiT III's 0 would cancel cosub
    rate: 0.05,
    rule: "uniform", // paper: uniform per layer by default
    per: "block", // as timm (no effect under a uniform rate)
  },
  method: {
    kind: "cosub",
    lambda: 0.5, // paper: λ = 0.5 (Table 5; 1.0 is the supervised baseline)
    tau: null, // the submodels are drawn with stochasticDepth.rate
    sdMode: "esd", // paper §4: efficient stochastic depth
    // paper §4: kept samples scaled by the inverse keep rate; B/keep after rounding, whose effective τ the
    // paper asks to check (the run warns when it is more than 10 % off τ and names a batch size that fixes it)
    esdScale: "effective",
  },
};
