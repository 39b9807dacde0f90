import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { parseRecipe, SeededRandom } from "@seedscope/core";
import { augmentConfigOf, getDataset } from "@seedscope/data";
import { initBackend } from "@seedscope/engine";
import { scaleStageWidths } from "@seedscope/models";
import { getRecipe } from "@seedscope/recipes";
import { createRunModel, methodWeightDecay } from "./create";
import { dividedWeightDecay, divideWidthScale } from "./divide";
import { EnsembleModel } from "./ensemble";
import { coTrainingWeight, jsDivergence } from "./js-divergence";
import { ViewLoader } from "./view-loader";
import { TrainLoader } from "@seedscope/data";

beforeAll(async () => {
  await initBackend({ backend: "wasm" });
});

const softmax = (row: number[]) => {
  const e = row.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const entropy = (p: number[]) => -p.reduce((a, v) => a + v * Math.log(v), 0);

describe("Divide and Co-training", () => {
  it("JS divergence is H(mean p) − mean H(p) (eq. 8), zero for agreeing nets", () => {
    const z = [
      [
        [1, 0, -1],
        [2, 2, 0],
      ],
      [
        [0, 1, 0],
        [-1, 3, 0.5],
      ],
      [
        [0.2, 0.2, 3],
        [0, 0, 0],
      ],
    ];
    const rows = [0, 1].map((b) => {
      const ps = z.map((net) => softmax(net[b]!));
      const mean = ps[0]!.map((_, c) => ps.reduce((a, p) => a + p[c]!, 0) / ps.length);
      return entropy(mean) - ps.reduce((a, p) => a + entropy(p), 0) / ps.length;
    });
    const got = jsDivergence(z.map((net) => tf.tensor2d(net))).dataSync()[0]!;
    expect(got).toBeCloseTo((rows[0]! + rows[1]!) / 2, 6);
    const same = tf.tensor2d(z[0]!);
    expect(jsDivergence([same, same]).dataSync()[0]).toBeCloseTo(0, 6);
  });

  it("warms λ_cot up linearly over its epochs", () => {
    expect(coTrainingWeight(0.5, 2, 0)).toBe(0);
    expect(coTrainingWeight(0.5, 2, 0.5)).toBeCloseTo(0.125, 12);
    expect(coTrainingWeight(0.5, 2, 3)).toBe(0.5);
    expect(coTrainingWeight(0.5, 0, 0)).toBe(0.5);
  });

  it("divides weight decay by the rule of eq. 6", () => {
    const base = { kind: "divide", splits: 4, coTrainingWeight: 0.5, coTrainingWarmupEpochs: 1 } as const;
    expect(dividedWeightDecay(1e-4, { ...base, weightDecayRule: "unchanged" })).toBe(1e-4);
    expect(dividedWeightDecay(1e-4, { ...base, weightDecayRule: "exp" })).toBeCloseTo(1e-4 * Math.exp(-0.75), 15);
    const recipe = parseRecipe({ ...getRecipe("divide"), method: { ...base, splits: 2, weightDecayRule: "exp" } });
    expect(methodWeightDecay(recipe)).toBeCloseTo(1e-4 * Math.exp(-0.5), 15);
  });

  it("builds S nets of width ÷ √S, each ≈ 1/S of the wide net's parameters, with distinct inits", () => {
    for (const splits of [2, 4]) {
      const recipe = parseRecipe({ ...getRecipe("divide"), method: { ...getRecipe("divide").method, splits } });
      const model = createRunModel(recipe, { arch: "resnet20", imageSize: 16, channels: 1, numClasses: 10 }, 0);
      if (!(model instanceof EnsembleModel) || model.wide === null) throw new Error("expected an ensemble");
      expect(model.members).toHaveLength(splits);
      for (const m of model.members) expect(m.paramCount / model.wide.params).toBeGreaterThan(0.8 / splits);
      for (const m of model.members) expect(m.paramCount / model.wide.params).toBeLessThan(1.25 / splits);
      expect(model.paramCount / model.wide.params).toBeGreaterThan(0.8);
      expect(model.paramCount / model.wide.params).toBeLessThan(1.2);
      // Appendix A of the paper: ResNet [16, 32, 64] → [12, 24, 48] for S = 2, [8, 16, 32] for S = 4.
      expect(model.members[0]!.parameters.find((p) => p.name === "stem.conv.weight")?.variable.shape.at(-1)).toBe(
        splits === 2 ? 12 : 8,
      );
      const [a, b] = model.members.map(
        (m) => m.getWeights().get("stem.conv.kernel") ?? [...m.getWeights().values()][0]!,
      );
      expect(a).not.toEqual(b);
      model.dispose();
    }
  });

  it("averages member logits and stores every member's weights", () => {
    const recipe = parseRecipe(getRecipe("divide"));
    const model = createRunModel(
      recipe,
      { arch: "resnet8", imageSize: 8, channels: 1, numClasses: 10 },
      3,
    ) as EnsembleModel;
    const x = tf.randomUniform([3, 8, 8, 1], 0, 1, "float32", 1) as tf.Tensor4D;
    const [m0, m1] = model.members.map((m) => m.forward(x, { training: false }));
    const mean = tf.div(tf.add(m0!, m1!), 2);
    const ensemble = model.forward(x, { training: false });
    expect(tf.max(tf.abs(tf.sub(ensemble, mean))).dataSync()[0]).toBeLessThan(1e-5);
    const weights = model.getWeights();
    expect(weights.size).toBe(model.members.reduce((n, m) => n + m.getWeights().size, 0));
    expect([...weights.keys()].every((k) => /^member[01]\//.test(k))).toBe(true);
    const other = createRunModel(recipe, { arch: "resnet8", imageSize: 8, channels: 1, numClasses: 10 }, 4);
    other.setWeights(weights);
    expect(tf.max(tf.abs(tf.sub(other.forward(x, { training: false }), ensemble))).dataSync()[0]).toBeLessThan(1e-6);
    model.dispose();
    other.dispose();
  });

  it("gives each member its own augmented view of the same images", async () => {
    const recipe = parseRecipe(getRecipe("divide"));
    const dataset = await getDataset("digits", { resolution: 16, trainSize: 200 });
    const augment = augmentConfigOf(recipe);
    const options = { dataset, batchSize: 20, augment, outputSize: 16 };
    const main = new TrainLoader({ ...options, random: SeededRandom.fromSeed(5, "data") });
    const view = new ViewLoader(
      { ...options, random: SeededRandom.fromSeed(5, "data/member-1") },
      SeededRandom.fromSeed(5, "data"),
    );
    for (const [epoch, step] of [
      [0, 0],
      [1, 3],
    ] as const) {
      const a = main.batch(epoch, step);
      const b = view.batch(epoch, step);
      expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
      expect(Array.from(b.images)).not.toEqual(Array.from(a.images));
    }
  });
});

describe("divide-and-co-train width division (Zhao et al., Appendix A)", () => {
  it("scales the stages' common divisor once: [16, 32, 64] → [12, 24, 48] for S = 2, [8, 16, 32] for S = 4", () => {
    expect(scaleStageWidths([16, 32, 64], divideWidthScale(2))).toEqual([12, 24, 48]);
    expect(scaleStageWidths([16, 32, 64], divideWidthScale(4))).toEqual([8, 16, 32]);
    expect(scaleStageWidths([16, 32, 64], 1)).toEqual([16, 32, 64]);
  });

  it("makes the S = 2 ensemble of resnet20 about 1.13 × the wide net's parameters, as the paper's widths do", () => {
    const recipe = parseRecipe({ ...getRecipe("divide"), method: { ...getRecipe("divide").method, splits: 2 } });
    const model = createRunModel(
      recipe,
      { arch: "resnet20", imageSize: 16, channels: 1, numClasses: 10 },
      0,
    ) as EnsembleModel;
    const ratio = model.paramCount / model.wide!.params;
    expect(ratio).toBeGreaterThan(1.1);
    expect(ratio).toBeLessThan(1.16);
    model.dispose();
  });
});
