import { deit3Paper } from "./deit3";
import { basedOn, type PaperRow, text, value, WHY_EPOCHS } from "./rows";

const A1 = "cosub App. A.1";

/** The method's own fields, shared by `cosub` (ViTs) and `cosub-a2` (convnets). */
export const cosubMethodRows = (tauRow: PaperRow): PaperRow[] => [
  { path: "method.kind", paper: value("cosub"), source: "cosub §3 (eq. 2)" },
  { path: "method.lambda", paper: value(0.5), source: "cosub Table 5 (1.0 is the supervised baseline)" },
  tauRow,
  { path: "method.sdMode", paper: value("esd"), source: "cosub §4 (efficient stochastic depth)" },
  {
    path: "method.esdScale",
    paper: text("scale 1/(1 − τ), τ adjusted so that B_keep is an integer; verify τ is not too quantized"),
    source: "cosub §4",
    status: "same",
    why: "effective: B/B_keep after rounding; the run warns when τ moves more than 10 % and names a batch size",
  },
];

/** cosub for ViTs: the DeiT III ImageNet-1k procedure with the changes of App. A.1 and Table A.1. */
export const cosubPaper: readonly PaperRow[] = basedOn(deit3Paper, A1, [
  { path: "optimizer.lr", paper: value(1e-3), source: `${A1} (eq. A.1: 1e-3·√(BS/2048), from scratch)` },
  { path: "lrScaling.rule", paper: value("sqrt"), source: `${A1} (eq. A.1)` },
  { path: "lrScaling.referenceBatchSize", paper: value(2048), source: `${A1} (eq. A.1)` },
  { path: "weightDecay.value", paper: value(0.02), source: `${A1} (0.02 in every setting)` },
  { path: "loss", paper: value("bce"), source: `${A1} (BCE on ImageNet-1k)` },
  { path: "epochs", paper: text("400 or 800 (Table 1: 800)"), source: `${A1}; cosub Table 1`, why: WHY_EPOCHS },
  { path: "stochasticDepth.rate", paper: value(0.05), source: "cosub Table A.1 (ViT-S, the smallest size)" },
  { path: "stochasticDepth.rule", paper: value("uniform"), source: "cosub §3 (uniform per layer by default)" },
  ...cosubMethodRows({
    path: "method.tau",
    paper: text("τ = the drop-path rate, by model size"),
    source: "cosub Table A.1",
    why: "null: the submodels are drawn with stochasticDepth.rate, which holds Table A.1's τ",
    status: "same",
  }),
]);
