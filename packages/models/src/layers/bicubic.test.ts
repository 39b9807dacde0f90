import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs-core";
import { SeededRandom } from "@seedscope/core";
import { ParamStore } from "../params";
import { setupCpu } from "../test-support";
import { bicubicGridMatrix, bicubicMatrix, CUBIC_A } from "./bicubic";
import golden from "./bicubic-golden.json";
import { PositionEmbedding } from "./patch";

beforeAll(setupCpu);

/*
 * Golden values from bicubic-golden.py: PyTorch's bicubic (align_corners=False, A = −0.75, border-clamped
 * taps) computed with numpy from the definition, for down- and up-sizing.
 */
describe("position embeddings resized bicubically (DeiT: bicubic interpolation when the grid changes)", () => {
  it("the 1-D operator is PyTorch's bicubic, align_corners=False, A = −0.75 (golden values from bicubic-golden.py)", () => {
    expect(CUBIC_A).toBe(golden.a);
    for (const c of golden.cases) {
      const m = bicubicMatrix(c.in, c.out);
      c.matrix.forEach((row, o) => row.forEach((v, i) => expect(m[o * c.in + i]).toBeCloseTo(v, 12)));
      // every row sums to 1: a constant grid stays constant
      for (let o = 0; o < c.out; o++) {
        let sum = 0;
        for (let i = 0; i < c.in; i++) sum += m[o * c.in + i]!;
        expect(sum).toBeCloseTo(1, 12);
      }
    }
  });

  it("resizes a grid as the separable 2-D bicubic of the golden file, applied with a matMul", () => {
    for (const c of golden.cases) {
      const op = tf.tensor2d(bicubicGridMatrix(c.in, c.out), [c.out * c.out, c.in * c.in]);
      const grid = tf.tensor2d(c.grid.flat(2), [c.in * c.in, 2]);
      const out = tf.matMul(op, grid).dataSync();
      const expected = c.resized.flat(2);
      expected.forEach((v, i) => expect(out[i]).toBeCloseTo(v, 4));
      tf.dispose([op, grid]);
    }
  });

  it("PositionEmbedding with 'bicubic' adds the resized table at a smaller grid, keeps the table at its own, and passes gradients", () => {
    const store = new ParamStore(SeededRandom.fromSeed(1));
    const pos = new PositionEmbedding(store, "pos", 4, 3, 1, "bicubic");
    const bilinear = new PositionEmbedding(new ParamStore(SeededRandom.fromSeed(1)), "pos", 4, 3, 1, "bilinear");
    const table = store.trainableVariables()[0]!;
    const same = tf.zeros([1, 1 + 16, 3]);
    expect(pos.apply(same).dataSync()).toEqual(table.dataSync());
    const small = tf.zeros([1, 1 + 9, 3]);
    const resized = pos.apply(small);
    const m = bicubicMatrix(4, 3);
    const values = table.dataSync();
    // grid cell (1, 2) of the 3×3 output, channel 0: Σ m[1][iy]·m[2][ix]·table[1 + 4·iy + ix]
    let expected = 0;
    for (let iy = 0; iy < 4; iy++)
      for (let ix = 0; ix < 4; ix++) expected += m[1 * 4 + iy]! * m[2 * 4 + ix]! * values[(1 + 4 * iy + ix) * 3]!;
    expect(resized.dataSync()[(1 + 1 * 3 + 2) * 3]).toBeCloseTo(expected, 5);
    expect(resized.dataSync()[0]).toBe(values[0]); // the class token's row is not resized
    expect(bilinear.apply(small).dataSync()).not.toEqual(resized.dataSync());
    const grads = tf.grads((t: tf.Tensor) => tf.sum(tf.square(pos.apply(tf.add(small, t)))))([tf.zeros([1, 10, 3])]);
    expect(grads[0]!.shape).toEqual([1, 10, 3]);
    const { grads: wrt } = tf.variableGrads(() => tf.sum(pos.apply(small)) as tf.Scalar, [table]);
    const g = wrt[table.name]!.dataSync();
    expect(g.some((v) => v !== 0)).toBe(true);
    store.dispose();
  });
});
