import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { UserError } from "@seedscope/core";
import { fakeImages, makeModel, maxAbsDiff, setupCpu } from "./test-support";

beforeAll(setupCpu);

const ARCHS = ["resnet8", "vit-tiny", "cait-xxs", "resmlp-s", "pcn-s", "pcn-s-bn"];

function sameWeights(a: Map<string, Float32Array>, b: Map<string, Float32Array>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.length !== v.length || v.some((x, i) => x !== w[i])) return false;
  }
  return true;
}

describe("seeded init", () => {
  it.each(ARCHS)("%s: same seed gives identical weights, another seed different ones", (arch) => {
    const a = makeModel(arch, 8, 42, { widthScale: 0.5 });
    const b = makeModel(arch, 8, 42, { widthScale: 0.5 });
    const c = makeModel(arch, 8, 43, { widthScale: 0.5 });
    const wa = a.getWeights();
    expect(sameWeights(wa, b.getWeights())).toBe(true);
    expect(sameWeights(wa, c.getWeights())).toBe(false);
    // Every randomly initialised tensor differs between seeds, not just one.
    const wc = c.getWeights();
    const random = [...wa].filter(([, v]) => new Set(v).size > 1);
    expect(random.length).toBeGreaterThan(3);
    for (const [name, v] of random) expect(v.some((x, i) => x !== wc.get(name)![i])).toBe(true);
    [a, b, c].forEach((m) => m.dispose());
  });

  it("uses the papers' init scales", () => {
    const weightsOf = (arch: string, extra = {}) => {
      const m = makeModel(arch, 8, 0, extra);
      const w = m.getWeights();
      m.dispose();
      return w;
    };
    const resnet = weightsOf("resnet20");
    const conv = resnet.get("stage3.block1.conv1.weight")!; // He normal, fan-in 9·64
    const std = Math.sqrt(conv.reduce((s, v) => s + v * v, 0) / conv.length);
    expect(std).toBeCloseTo(Math.sqrt(2 / (9 * 64)), 2);
    const vit = weightsOf("vit-tiny");
    const qkv = vit.get("block0.attn.qkv.weight")!; // truncated normal, std 0.02, cut at 2 std
    expect(Math.max(...qkv.map(Math.abs))).toBeLessThanOrEqual(0.04 + 1e-7);
    expect(Array.from(vit.get("block0.attn.qkv.bias")!).every((v) => v === 0)).toBe(true);
    const cait = weightsOf("cait-xxs");
    expect(Array.from(cait.get("block0.ls1.lambda")!).every((v) => Math.abs(v - 0.1) < 1e-7)).toBe(true);
    const deit3 = weightsOf("vit-tiny", { layerScaleInit: 1e-4 });
    expect(deit3.get("block5.ls2.lambda")![0]).toBeCloseTo(1e-4, 9);
    expect(vit.has("block0.ls1.lambda")).toBe(false);
  });
});

describe("getWeights / setWeights", () => {
  it.each(["resnet8", "pcn-s-bn", "cait-xxs"])("%s: round trip, BatchNorm running statistics included", (arch) => {
    const x = fakeImages(4, 8);
    const a = makeModel(arch, 8, 1, { widthScale: 0.5 });
    tf.dispose(a.forward(x, { training: true })); // moves the running statistics away from their init
    const b = makeModel(arch, 8, 2, { widthScale: 0.5 });
    const saved = a.getWeights();
    b.setWeights(saved);
    expect(sameWeights(b.getWeights(), saved)).toBe(true);
    const ya = a.forward(x, { training: false });
    const yb = b.forward(x, { training: false });
    expect(maxAbsDiff(ya, yb)).toBe(0);
    // getWeights returns copies
    saved.values().next().value!.fill(7);
    expect(sameWeights(a.getWeights(), saved)).toBe(false);
    tf.dispose([x, ya, yb]);
    a.dispose();
    b.dispose();
  });

  it("refuses a checkpoint of another architecture or size", () => {
    const a = makeModel("resnet8", 8);
    const b = makeModel("resnet20", 8);
    const c = makeModel("resnet8", 8, 0, { widthScale: 0.5 });
    expect(() => a.setWeights(b.getWeights())).toThrow(UserError);
    expect(() => a.setWeights(c.getWeights())).toThrow(/values/);
    [a, b, c].forEach((m) => m.dispose());
  });
});
