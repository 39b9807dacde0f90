import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { SeededRandom, UserError } from "@seedscope/core";
import { createModel, listArchitectures } from "./index";
import { fakeImages, makeModel, setupCpu } from "./test-support";

beforeAll(setupCpu);

const ARCHS = listArchitectures().map((a) => a.name);

describe("registry", () => {
  it("lists the five families with their named sizes", () => {
    const families = new Set(listArchitectures().map((a) => a.family));
    expect([...families].sort()).toEqual(["cait", "patchconvnet", "resmlp", "resnet", "vit"]);
    for (const name of [
      "resnet8",
      "resnet20",
      "resnet32",
      "resnet56",
      "vit-tiny",
      "deit-tiny",
      "cait-xxs",
      "resmlp-s",
      "pcn-s",
    ]) {
      expect(ARCHS).toContain(name);
    }
  });

  it("rejects an unknown architecture with a UserError naming the valid ones", () => {
    const make = () =>
      createModel({ arch: "resnet21", imageSize: 28, channels: 1, numClasses: 10 }, SeededRandom.fromSeed(0));
    expect(make).toThrow(UserError);
    expect(make).toThrow(/resnet20.*vit-tiny.*pcn-s/);
  });

  it("rejects bad specs and inputs", () => {
    expect(() => makeModel("resnet8", 0)).toThrow(UserError);
    expect(() => makeModel("vit-tiny", 30)).toThrow(/multiple of the patch size/);
    const m = makeModel("resnet8", 8);
    const x = fakeImages(2, 8, 3);
    expect(() => m.forward(x, { training: false })).toThrow(/1 channels/);
    m.dispose();
    x.dispose();
  });
});

describe("output shapes", () => {
  it.each(ARCHS.filter((a) => a !== "resnet110" && a !== "resnet44"))("%s gives [B, classes] logits", (arch) => {
    const m = makeModel(arch, 8, 0, { numClasses: 7, widthScale: 0.5 });
    const x = fakeImages(3, 8);
    for (const training of [true, false]) {
      const y = m.forward(x, { training });
      expect(y.shape).toEqual([3, 7]);
      expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
      y.dispose();
    }
    expect(m.branches.length).toBe(m.stages.reduce((a, b) => a + b, 0));
    m.branches.forEach((b, i) => expect(b.index).toBe(i));
    m.dispose();
    x.dispose();
  });

  it("ResNet and PatchConvNet take other input sizes; ViT interpolates its position embedding; ResMLP refuses", () => {
    const x = fakeImages(2, 16);
    for (const arch of ["resnet8", "pcn-s", "vit-tiny", "cait-xxs"]) {
      const m = makeModel(arch, 8, 0, { widthScale: 0.5 });
      const y = m.forward(x, { training: false });
      expect(y.shape).toEqual([2, 10]);
      y.dispose();
      m.dispose();
    }
    const mlp = makeModel("resmlp-s", 8);
    expect(() => mlp.forward(x, { training: false })).toThrow(UserError);
    mlp.dispose();
    x.dispose();
  });
});

describe("memory", () => {
  it("forward passes and dispose leave no tensors behind", () => {
    const x = fakeImages(2, 8);
    const before = tf.memory().numTensors;
    for (const arch of ["resnet8", "vit-tiny", "cait-xxs", "resmlp-s", "pcn-s-bn"]) {
      const m = makeModel(arch, 8, 0, { widthScale: 0.5 });
      const drops = m.branches.map((_, i) =>
        i % 2 === 0
          ? { kind: "subset" as const, indices: Int32Array.from([1]), scale: 2 }
          : { kind: "mask" as const, keep: Float32Array.from([0, 2]) },
      );
      tf.dispose([m.forward(x, { training: true, drops }), m.forward(x, { training: false })]);
      m.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe("parameter counts (hand computed)", () => {
  it("resnet20, 32×32×3, 10 classes: 0.27 M as in He et al.", () => {
    const m = makeModel("resnet20", 32, 0, { channels: 3 });
    const conv = (cin: number, cout: number) => 9 * cin * cout;
    const bn = (c: number) => 2 * c; // running statistics are not parameters
    const stem = conv(3, 16) + bn(16);
    const stage1 = 6 * (conv(16, 16) + bn(16));
    const stage2 = conv(16, 32) + 5 * conv(32, 32) + 6 * bn(32);
    const stage3 = conv(32, 64) + 5 * conv(64, 64) + 6 * bn(64);
    const head = 64 * 10 + 10;
    expect(m.paramCount).toBe(stem + stage1 + stage2 + stage3 + head);
    expect(m.paramCount).toBe(269_722);
    m.dispose();
  });

  it("vit-tiny, 28×28×1, 10 classes", () => {
    const m = makeModel("vit-tiny", 28);
    const d = 96;
    const linear = (i: number, o: number) => i * o + o;
    const patchEmbed = linear(4 * 4 * 1, d);
    const tokens = d /* class token */ + (49 + 1) * d; /* position embedding */
    const block = 2 * d + linear(d, 3 * d) + linear(d, d) + 2 * d + linear(d, 4 * d) + linear(4 * d, d);
    const head = 2 * d + linear(d, 10);
    expect(m.paramCount).toBe(patchEmbed + tokens + 6 * block + head);
    expect(m.paramCount).toBe(678_730);
    m.dispose();
  });

  it("counts only trainable variables and lists BN running statistics as non-trainable parameters", () => {
    const m = makeModel("resnet8", 8);
    const trainable = m.trainableVariables.reduce((n, v) => n + v.size, 0);
    expect(m.paramCount).toBe(trainable);
    const running = m.parameters.filter((p) => !p.trainable);
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((p) => /running(Mean|Var)$/.test(p.name))).toBe(true);
    expect(m.parameters.find((p) => p.name === "stem.conv.weight")?.weightDecay).toBe(true);
    expect(m.parameters.find((p) => p.name === "stem.bn.weight")?.weightDecay).toBe(false);
    m.dispose();
  });

  it("widthScale divides the stages' common width once (Divide and Co-train, Appendix A): [12, 24, 48] for 1/√2", () => {
    const full = makeModel("resnet20", 8);
    const half = makeModel("resnet20", 8, 0, { widthScale: Math.SQRT1_2 });
    // GCD 16 · 0.707 → 12 (even), then 2× and 4× of it: every conv shrinks by (12/16)² = 0.5625.
    expect(half.paramCount / full.paramCount).toBeGreaterThan(0.55);
    expect(half.paramCount / full.paramCount).toBeLessThan(0.58);
    expect(half.parameters.find((p) => p.name === "stem.conv.weight")?.variable.shape).toEqual([3, 3, 1, 12]);
    expect(half.parameters.filter((p) => p.name.endsWith("conv2.weight")).at(-1)?.variable.shape).toEqual([
      3, 3, 48, 48,
    ]);
    full.dispose();
    half.dispose();
  });
});

describe("FLOPs (multiply-accumulates)", () => {
  it("resnet20 at 32×32×3 has He et al.'s 40.55 M", () => {
    const m = makeModel("resnet20", 32, 0, { channels: 3 });
    const stage = (size: number, cin: number, c: number) => size * size * 9 * (cin * c + 5 * c * c);
    const expected = 32 * 32 * 9 * 3 * 16 + stage(32, 16, 16) + stage(16, 16, 32) + stage(8, 32, 64) + 640;
    expect(m.flopsPerImage).toBe(expected);
    expect(m.flopsPerImage / 1e6).toBeCloseTo(40.55, 2);
    m.dispose();
  });

  it("are positive and scale with the image size as each family should", () => {
    for (const arch of ARCHS) {
      const small = makeModel(arch, 16);
      const big = makeModel(arch, 32);
      expect(small.flopsPerImage).toBeGreaterThan(0);
      const ratio = big.flopsPerImage / small.flopsPerImage;
      if (arch.startsWith("resnet") || arch.startsWith("pcn")) {
        // Convolutions scale with the area; the small head and pooling do not.
        expect(ratio).toBeGreaterThan(3.8);
        expect(ratio).toBeLessThanOrEqual(4);
      } else {
        // Tokens ×4: linear layers ×4, attention / cross-patch products ×16.
        expect(ratio).toBeGreaterThan(3.9);
        expect(ratio).toBeLessThan(8);
      }
      if (arch !== "resmlp-s") expect(small.flopsAt(32)).toBe(big.flopsPerImage);
      small.dispose();
      big.dispose();
    }
  });

  it("grow with depth within a family", () => {
    const flops = ["resnet8", "resnet20", "resnet32", "resnet56"].map((a) => {
      const m = makeModel(a, 8);
      const f = m.flopsPerImage;
      m.dispose();
      return f;
    });
    expect([...flops].sort((a, b) => a - b)).toEqual(flops);
  });
});
