import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { UserError } from "@seedscope/core";
import { makeContext, residual } from "./residual";
import { fakeImages, makeModel, maxAbsDiff, setupCpu } from "./test-support";
import type { BranchDrop, Model } from "./types";

beforeAll(setupCpu);

const KEEP: BranchDrop = { kind: "keep" };
const ARCHS = ["resnet8", "vit-tiny", "cait-xxs", "resmlp-s", "pcn-s", "pcn-s-bn"];

function run(m: Model, x: tf.Tensor4D, training: boolean, drops?: BranchDrop[]): tf.Tensor2D {
  return m.forward(x, { training, drops, updateBatchNormStats: false });
}

function dropsWith(m: Model, index: number, drop: BranchDrop): BranchDrop[] {
  return m.branches.map((_, i) => (i === index ? drop : KEEP));
}

/** Sets the named tensors of `m` to zero. */
function zeroTensors(m: Model, names: string[]): void {
  const w = m.getWeights();
  for (const name of names) {
    expect(w.has(name)).toBe(true);
    w.get(name)!.fill(0);
  }
  m.setWeights(w);
}

describe("residual() on one branch", () => {
  const x = () =>
    tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
  const double = (t: tf.Tensor) => tf.mul(t, 2);

  it("skip returns the identity path without running the branch", () => {
    const ctx = makeContext({ training: true, drops: [{ kind: "skip" }] }, 1, 4);
    const input = x();
    const out = residual(ctx, 0, input, input, () => {
      throw new Error("branch ran");
    });
    expect(out.arraySync()).toEqual(input.arraySync());
  });

  it("subset runs the branch on exactly the chosen samples and puts them back scaled", () => {
    const seen: number[] = [];
    const traced: number[] = [];
    const drop: BranchDrop = { kind: "subset", indices: Int32Array.from([3, 1]), scale: 1.5 };
    const ctx = makeContext({ training: true, drops: [drop], trace: (e) => traced.push(e.samples) }, 1, 4);
    const input = x();
    const out = residual(ctx, 0, input, input, (t) => {
      seen.push(t.shape[0]!);
      expect(t.arraySync()).toEqual([
        [7, 8],
        [3, 4],
      ]);
      return double(t);
    });
    expect(seen).toEqual([2]);
    expect(traced).toEqual([2]);
    // rows 1 and 3 get + 1.5 · 2x, rows 0 and 2 stay
    expect(out.arraySync()).toEqual([
      [1, 2],
      [12, 16],
      [5, 6],
      [28, 32],
    ]);
  });

  it("mask multiplies the branch per sample", () => {
    const ctx = makeContext({ training: true, drops: [{ kind: "mask", keep: Float32Array.from([0, 2, 0, 1]) }] }, 1, 4);
    const input = x();
    expect(residual(ctx, 0, input, input, double).arraySync()).toEqual([
      [1, 2],
      [15, 20],
      [5, 6],
      [21, 24],
    ]);
  });

  it("gradients flow through the gathered subset only", () => {
    const drop: BranchDrop = { kind: "subset", indices: Int32Array.from([2]), scale: 2 };
    const w = tf.variable(tf.scalar(3));
    const input = x();
    const { grads } = tf.variableGrads(() => {
      const ctx = makeContext({ training: true, drops: [drop] }, 1, 4);
      return tf.sum(residual(ctx, 0, input, input, (t) => tf.mul(t, w))) as tf.Scalar;
    }, [w]);
    // d/dw sum(2 · w · x[2]) = 2 · (5 + 6)
    expect(grads[w.name]!.dataSync()[0]).toBeCloseTo(22, 5);
  });

  it("rejects malformed drop instructions", () => {
    expect(() => makeContext({ training: true, drops: [KEEP, KEEP] }, 1, 4)).toThrow(UserError);
    expect(() => makeContext({ training: true, drops: [{ kind: "mask", keep: new Float32Array(3) }] }, 1, 4)).toThrow(
      UserError,
    );
    const subset = (idx: number[]): BranchDrop => ({ kind: "subset", indices: Int32Array.from(idx), scale: 1 });
    expect(() => makeContext({ training: true, drops: [subset([4])] }, 1, 4)).toThrow(/outside/);
    expect(() => makeContext({ training: true, drops: [subset([1, 1])] }, 1, 4)).toThrow(/repeated/);
  });
});

describe("drops on whole models", () => {
  const x = fakeImages(4, 8);

  it("skip of one block equals that block with its output zeroed (the identity path)", () => {
    // A zero last BN (ResNet, eval mode) or zero LayerScale makes the branch output exactly 0.
    const cases: [string, number, string[], boolean][] = [
      ["resnet8", 1, ["stage2.block0.bn2.weight", "stage2.block0.bn2.bias"], false],
      ["vit-tiny", 3, ["block1.ls2.lambda"], true],
      ["pcn-s", 2, ["block2.ls.lambda"], true],
    ];
    for (const [arch, branch, zeroed, training] of cases) {
      const a = makeModel(arch, 8, 5, { widthScale: 0.5, layerScaleInit: 0.1 });
      const b = makeModel(arch, 8, 5, { widthScale: 0.5, layerScaleInit: 0.1 });
      zeroTensors(b, zeroed);
      const skipped = run(a, x, training, dropsWith(a, branch, { kind: "skip" }));
      const identity = run(b, x, training);
      expect(maxAbsDiff(skipped, identity)).toBe(0);
      const kept = run(a, x, training);
      expect(maxAbsDiff(skipped, kept)).toBeGreaterThan(0);
      tf.dispose([skipped, identity, kept]);
      a.dispose();
      b.dispose();
    }
  });

  it.each(ARCHS)("%s: mask of ones equals keep, mask of zeros equals skip, full subset equals keep", (arch) => {
    const m = makeModel(arch, 8, 3, { widthScale: 0.5 });
    const all = (d: BranchDrop) => m.branches.map(() => d);
    const keep = run(m, x, true);
    const ones = run(m, x, true, all({ kind: "mask", keep: new Float32Array(4).fill(1) }));
    expect(maxAbsDiff(keep, ones)).toBe(0);

    const zeros = run(m, x, true, all({ kind: "mask", keep: new Float32Array(4) }));
    const skip = run(m, x, true, all({ kind: "skip" }));
    expect(maxAbsDiff(zeros, skip)).toBeLessThan(1e-5);

    const samples: number[] = [];
    const full = m.forward(x, {
      training: true,
      updateBatchNormStats: false,
      drops: all({ kind: "subset", indices: Int32Array.from([2, 0, 3, 1]), scale: 1 }),
      trace: (e) => samples.push(e.samples),
    });
    // BatchNorm sums in another order on the permuted batch: equal up to rounding.
    expect(maxAbsDiff(keep, full)).toBeLessThan(1e-4);
    expect(samples).toEqual(m.branches.map(() => 4));
    tf.dispose([keep, ones, zeros, skip, full]);
    m.dispose();
  });

  it.each(ARCHS)(
    "%s: a subset branch runs on indices.length samples and matches the equivalent mask in eval mode",
    (arch) => {
      const m = makeModel(arch, 8, 4, { widthScale: 0.5 });
      const indices = Int32Array.from([3, 1]);
      const samples: number[] = [];
      const subset = m.forward(x, {
        training: false,
        drops: m.branches.map(() => ({ kind: "subset" as const, indices, scale: 2 })),
        trace: (e) => samples.push(e.samples),
      });
      expect(samples).toEqual(m.branches.map(() => 2));
      const mask = run(
        m,
        x,
        false,
        m.branches.map(() => ({ kind: "mask" as const, keep: Float32Array.from([0, 2, 0, 2]) })),
      );
      expect(maxAbsDiff(subset, mask)).toBeLessThan(1e-4);
      tf.dispose([subset, mask]);
      m.dispose();
    },
  );
});
