import type { Recipe } from "@seedscope/core";
import { a2 } from "./a2";

/**
 * cosub for convnets: the cosub paper trains convnets with the Wightman et al. procedure (§4: "the training
 * procedure from Wightman et al. for the convnets"; all other hyper-parameters identical) and only sets τ
 * per model (Table 2). So this is `a2` with the cosub loss: `cosub-a2` vs `a2` on a ResNet changes the
 * method alone, where `cosub` (DeiT III base) vs `a2` would change the base recipe too.
 */
export const cosubA2: Recipe = {
  ...a2,
  method: {
    kind: "cosub",
    lambda: 0.5, // paper: λ = 0.5 (Table 5)
    tau: 0.1, // paper (Table 2): τ = 0.10 for ResNet-50, the smallest convnet it trains (0.20 for ResNet-101)
    sdMode: "esd", // paper §4: efficient stochastic depth
    esdScale: "effective", // paper §4: scaled by B/keep, the effective rate after rounding (as cosub)
  },
};
