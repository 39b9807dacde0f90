import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { parseRecipe, SeededRandom } from "@seedscope/core";
import { initBackend } from "@seedscope/engine";
import { createModel, type BranchTrace, type Model } from "@seedscope/models";
import { getRecipe } from "@seedscope/recipes";
import { branchDropRates, sampleDrops } from "../drop-plan";
import { cosubLoss, cosubMethod } from "./cosub";
import type { StepInput } from "./method";

beforeAll(async () => {
  await initBackend({ backend: "wasm" });
});

const softmax = (row: number[]) => {
  const e = row.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const ce = (logits: number[], target: number[]) => {
  const lse = Math.log(logits.reduce((a, v) => a + Math.exp(v), 0));
  return -target.reduce((a, t, i) => a + t * (logits[i]! - lse), 0);
};
const bce = (logits: number[], target: number[]) =>
  logits.reduce((a, x, i) => a - (target[i]! * Math.log(sigmoid(x)) + (1 - target[i]!) * Math.log(1 - sigmoid(x))), 0) /
  logits.length;

describe("the cosub loss (eq. 2)", () => {
  const z1 = [
    [1, -0.5, 0.2],
    [0, 2, -1],
  ];
  const z2 = [
    [0.3, 0.1, -0.4],
    [1.5, 0.5, 0],
  ];
  const y = [
    [1, 0, 0],
    [0, 0, 1],
  ];

  it("matches a hand computation with CE and softmax soft targets", () => {
    const label = z1.map((r, b) => ce(r, y[b]!) + ce(z2[b]!, y[b]!));
    const mutual = z1.map((r, b) => ce(r, softmax(z2[b]!)) + ce(z2[b]!, softmax(r)));
    const expected = (0.3 * (label[0]! + label[1]!)) / 2 / 2 + (0.7 * (mutual[0]! + mutual[1]!)) / 2 / 2;
    const got = cosubLoss("ce", 0.3, tf.tensor2d(z1), tf.tensor2d(z2), tf.tensor2d(y)).dataSync()[0]!;
    expect(got).toBeCloseTo(expected, 5);
  });

  it("matches a hand computation with BCE and sigmoid soft targets", () => {
    const mean = (f: (b: number) => number) => (f(0) + f(1)) / 2;
    const label = mean((b) => bce(z1[b]!, y[b]!)) + mean((b) => bce(z2[b]!, y[b]!));
    const mutual = mean((b) => bce(z1[b]!, z2[b]!.map(sigmoid))) + mean((b) => bce(z2[b]!, z1[b]!.map(sigmoid)));
    const expected = 0.5 * (label / 2) + 0.5 * (mutual / 2);
    const got = cosubLoss("bce", 0.5, tf.tensor2d(z1), tf.tensor2d(z2), tf.tensor2d(y)).dataSync()[0]!;
    expect(got).toBeCloseTo(expected, 5);
  });

  it("sends no gradient into the target side", () => {
    const targets = tf.tensor2d(y);
    const a = tf.tensor2d(z1);
    const b = tf.tensor2d(z2);
    // λ = 0: only the mutual term. Its gradient on y1 must be that of L(y1, t) with t = softmax(y2) a constant.
    const [g1] = tf.grads((p: tf.Tensor, q: tf.Tensor) =>
      cosubLoss("ce", 0, p as tf.Tensor2D, q as tf.Tensor2D, targets),
    )([a, b]);
    const fixed = tf.softmax(b);
    const expected = tf.grad((p: tf.Tensor) =>
      tf.mul(tf.neg(tf.mean(tf.sum(tf.mul(fixed, tf.logSoftmax(p)), -1))), 0.5),
    )(a);
    expect(Array.from(g1!.dataSync())).toEqual(Array.from(expected.dataSync()).map((v) => expect.closeTo(v, 6)));
  });
});

function traced(model: Model, events: BranchTrace[]): Model {
  return { ...model, forward: (x, options) => model.forward(x, { ...options, trace: (e) => events.push(e) }) };
}

function stepInput(x: tf.Tensor4D, y: tf.Tensor2D, seed: number): StepInput {
  const b = x.shape[0];
  const batch = {
    size: b,
    images: new Float32Array(),
    targets: new Float32Array(),
    labels: new Int32Array(b),
    indices: new Int32Array(b),
    mix: { kind: "none" as const, lambda: 1, box: null },
  };
  return {
    x,
    y,
    batch,
    epoch: 0,
    step: 0,
    stepsPerEpoch: 1,
    random: (purpose) => SeededRandom.fromSeed(seed, purpose),
  };
}

/**
 * A toy residual network in plain numbers: h ← h + d_l·tanh(a_l·h + b_l), d_l the drop factor of layer l
 * for the sample. Its output depends on the joint keep pattern of a sample across layers.
 */
function toyOutputs(mode: "subset" | "mask", rates: readonly number[], batch: number, draws: number, seed: number) {
  const random = SeededRandom.fromSeed(seed, mode);
  const sums = new Float64Array(batch);
  const squares = new Float64Array(batch);
  for (let d = 0; d < draws; d++) {
    const drops = sampleDrops(rates, batch, mode, random);
    for (let i = 0; i < batch; i++) {
      let h = 0.1 * i - 0.3;
      drops.forEach((drop, l) => {
        const factor =
          drop.kind === "keep"
            ? 1
            : drop.kind === "skip"
              ? 0
              : drop.kind === "mask"
                ? drop.keep[i]!
                : drop.indices.includes(i)
                  ? drop.scale
                  : 0;
        h += factor * Math.tanh((0.5 + 0.3 * l) * h + 0.2 * (l - 2));
      });
      sums[i]! += h;
      squares[i]! += h * h;
    }
  }
  const mean = Array.from(sums, (s) => s / draws);
  return { mean, se: Array.from(squares, (q, i) => Math.sqrt((q / draws - mean[i]! ** 2) / draws)) };
}

/** Largest |difference| of two estimated means in combined standard errors. */
const maxZ = (a: ReturnType<typeof toyOutputs>, b: ReturnType<typeof toyOutputs>) =>
  Math.max(...a.mean.map((m, i) => Math.abs(m - b.mean[i]!) / Math.hypot(a.se[i]!, b.se[i]!)));

describe("efficient vs masked stochastic depth", () => {
  it("give the same expected output of a nonlinear residual stack (fixed seed, 20,000 draws)", () => {
    const rates = [0.3, 0.3, 0.3, 0.3, 0.3];
    const esd = toyOutputs("subset", rates, 10, 20_000, 4);
    const mask = toyOutputs("mask", rates, 10, 20_000, 4);
    expect(maxZ(esd, mask)).toBeLessThan(4);
    // the check has teeth: a slightly different rate is detected
    const other = toyOutputs("mask", [0.25, 0.25, 0.25, 0.25, 0.25], 10, 20_000, 4);
    expect(maxZ(esd, other)).toBeGreaterThan(6);
  });
});

describe("cosub's submodels", () => {
  it("with ESD, run each branch on exactly round(2B·(1 − τ)) of the duplicated batch", () => {
    const model = createModel(
      { arch: "vit-tiny", imageSize: 8, channels: 1, numClasses: 10 },
      SeededRandom.fromSeed(0),
    );
    const recipe = parseRecipe({
      ...getRecipe("cosub"),
      stochasticDepth: { rate: 0.3, rule: "uniform", per: "block" },
    });
    const events: BranchTrace[] = [];
    const method = cosubMethod(
      recipe,
      { kind: "cosub", lambda: 0.5, tau: null, sdMode: "esd", esdScale: "nominal" },
      traced(model, events),
    );
    const x = tf.randomUniform([5, 8, 8, 1], 0, 1, "float32", 1) as tf.Tensor4D;
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4], "int32"), 10).toFloat() as tf.Tensor2D;
    const loss = method.loss(stepInput(x, y, 3)).dataSync()[0]!;
    expect(Number.isFinite(loss)).toBe(true);
    expect(events).toHaveLength(model.branches.length);
    for (const e of events) expect(e.samples).toBe(Math.round(10 * 0.7));
    model.dispose();
  });

  it("ESD and masked stochastic depth have the same expected output (fixed seed, 300 draws each)", () => {
    // evaluation mode: BatchNorm uses running statistics, so samples do not interact
    const model = createModel({ arch: "resnet8", imageSize: 8, channels: 1, numClasses: 10 }, SeededRandom.fromSeed(2));
    const batch = 10; // B·(1 − τ) = 7 exactly, so both keep a branch with probability 0.7 per sample
    const x = tf.randomUniform([batch, 8, 8, 1], 0, 1, "float32", 5) as tf.Tensor4D;
    const rates = branchDropRates({ rate: 0.3, rule: "uniform" }, model.branches.length);
    const draws = 300;
    const moments = (mode: "subset" | "mask") => {
      const random = SeededRandom.fromSeed(11, mode);
      const sum = new Float64Array(batch * 10);
      const sq = new Float64Array(batch * 10);
      for (let d = 0; d < draws; d++) {
        const out = tf.tidy(() =>
          model.forward(x, { training: false, drops: sampleDrops(rates, batch, mode, random) }).dataSync(),
        );
        out.forEach((v, i) => {
          sum[i]! += v;
          sq[i]! += v * v;
        });
      }
      const mean = Array.from(sum, (s) => s / draws);
      return { mean, variance: Array.from(sq, (s, i) => s / draws - mean[i]! ** 2) };
    };
    const esd = moments("subset");
    const mask = moments("mask");
    const z = esd.mean.map(
      (m, i) => Math.abs(m - mask.mean[i]!) / Math.sqrt((esd.variance[i]! + mask.variance[i]!) / draws + 1e-12),
    );
    // 100 outputs compared: no difference beyond 4.5 standard errors, and the spreads agree too.
    expect(Math.max(...z)).toBeLessThan(4.5);
    const ratio = esd.variance.reduce((a, b) => a + b, 0) / mask.variance.reduce((a, b) => a + b, 0);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.25);
    model.dispose();
  });
});

describe("cosub's efficient stochastic depth check", () => {
  it("reports once (cosub §4: check the effective τ after rounding) when the batch cannot represent τ, not otherwise", () => {
    const model = createModel({ arch: "resnet8", imageSize: 8, channels: 1, numClasses: 10 }, SeededRandom.fromSeed(0));
    const small = parseRecipe({ ...getRecipe("cosub-a2"), batchSize: 16 });
    const config = small.method.kind === "cosub" ? small.method : null;
    if (config === null) throw new Error("expected a cosub recipe");
    const tau005 = { ...config, tau: 0.05 };
    expect(cosubMethod(small, tau005, model).notices).toEqual([expect.stringMatching(/batchSize 19 keeps/)]);
    expect(cosubMethod(parseRecipe({ ...small, batchSize: 20 }), tau005, model).notices).toEqual([]);
    expect(cosubMethod(small, { ...tau005, sdMode: "mask" }, model).notices).toEqual([]);
    model.dispose();
  });
});
