import * as tf from "@tensorflow/tfjs-core";
import { erfc } from "@seedscope/stats";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../init-backend";
import { assembleSimdModule } from "./assemble";
import { SIMD_WASM_BASE64, SIMD_WASM_SHARED_BASE64 } from "./binary";
import { simdKernelsOn } from "./heap-module";

/** C = A·B summed one product at a time in float32, as the module promises (no fused multiply-add). */
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = Math.fround(s + Math.fround((a[i * k + p] as number) * (b[p * n + j] as number)));
      c[i * n + j] = s;
    }
  return c;
}

/** Each [m, k] item of a stored as its transpose [k, m]. */
function transposedItems(a: Float32Array, m: number, k: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let item = 0; item * m * k < a.length; item++)
    for (let i = 0; i < m; i++)
      for (let p = 0; p < k; p++) out[item * m * k + p * m + i] = a[item * m * k + i * k + p] as number;
  return out;
}

const values = (length: number, seed: number) =>
  Float32Array.from({ length }, (_, i) => Math.fround(Math.sin(seed * 7.31 + i * 1.37) * 3));

describe("the SIMD module", () => {
  it("is the committed binary that module-wat.ts assembles to (run write-binary.ts after editing it)", async () => {
    expect(Buffer.from(await assembleSimdModule(false)).toString("base64")).toBe(SIMD_WASM_BASE64);
    expect(Buffer.from(await assembleSimdModule(true)).toString("base64")).toBe(SIMD_WASM_SHARED_BASE64);
  });

  it.each([
    { shared: false, label: "a plain memory" },
    { shared: true, label: "a shared memory" },
  ])(
    "GEMM: computes every tile shape bit for bit, batched with own and shared operands, a or aᵀ stored, on $label",
    ({ shared }) => {
      const memory = new WebAssembly.Memory(shared ? { initial: 4, maximum: 64, shared: true } : { initial: 4 });
      const { gemm } = simdKernelsOn(memory);
      const heap = () => new Float32Array(memory.buffer);
      const batch = 3;
      for (const m of [1, 2, 3, 4, 5, 6, 7, 9]) {
        for (const n of [1, 3, 4, 5, 8, 9, 12, 13, 17]) {
          for (const k of [0, 1, 3, 8, 33]) {
            for (const [sharedA, transposedA] of [
              [false, false],
              [true, false],
              [false, true],
              [true, true],
            ] as const) {
              const aItems = sharedA ? 1 : batch;
              const a = values(aItems * m * k, m + 10 * n + 100 * k);
              const b = values(batch * k * n, m * n + k);
              const aAt = 16; // an offset that is not 16-byte aligned for every operand
              const bAt = aAt + a.length + 1;
              const cAt = bAt + b.length + 3;
              heap().set(transposedA ? transposedItems(a, m, k) : a, aAt);
              heap().set(b, bAt);
              heap().fill(Number.NaN, cAt, cAt + batch * m * n);
              const strideA = sharedA ? 0 : 4 * m * k;
              gemm(4 * aAt, 4 * bAt, 4 * cAt, m, k, n, batch, strideA, 4 * k * n, 4 * m * n, transposedA ? 1 : 0, 0);
              for (let item = 0; item < batch; item++) {
                const aItem = a.subarray((sharedA ? 0 : item) * m * k, ((sharedA ? 0 : item) + 1) * m * k);
                const expected = reference(aItem, b.subarray(item * k * n, (item + 1) * k * n), m, k, n);
                const got = heap().slice(cAt + item * m * n, cAt + (item + 1) * m * n);
                const how = `${sharedA ? " (a shared)" : ""}${transposedA ? " (aᵀ stored)" : ""}`;
                expect(got, `m ${m} k ${k} n ${n} item ${item}${how}`).toEqual(expected);
              }
            }
          }
        }
      }
    },
  );
});

describe("the SIMD module's GEMM on deep products", () => {
  it("sums in blocks of p and still gives the exact sums in order of p (a wide b: 64-step blocks, a remainder, aᵀ)", () => {
    const memory = new WebAssembly.Memory({ initial: 256 });
    const { gemm } = simdKernelsOn(memory);
    const heap = new Float32Array(memory.buffer);
    for (const [m, k, n, transposedA] of [
      [7, 200, 1030, 0],
      [11, 64, 1100, 0],
      [3, 129, 2048, 0],
      [13, 200, 1030, 1],
    ] as const) {
      const a = values(m * k, m + k);
      const b = values(k * n, n);
      const bAt = a.length + 4;
      const cAt = bAt + b.length + 4;
      heap.set(transposedA ? transposedItems(a, m, k) : a, 0);
      heap.set(b, bAt);
      heap.fill(Number.NaN, cAt, cAt + m * n);
      gemm(0, 4 * bAt, 4 * cAt, m, k, n, 1, 0, 0, 0, transposedA, 0);
      expect(heap.slice(cAt, cAt + m * n), `m ${m} k ${k} n ${n}`).toEqual(reference(a, b, m, k, n));
    }
  });
});

/** The inputs of the exp / erf checks: a dense sweep, both ends of each range, zeros, infinities and NaN. */
function unaryInputs(from: number, to: number): Float32Array {
  const sweep = Array.from({ length: 200_001 }, (_, i) => from + ((to - from) * i) / 200_000);
  const edges = [from - 1, to + 1, -0, 0, 1e-30, -1e-30, 1e30, -1e30, Infinity, -Infinity, Number.NaN];
  return Float32Array.from([...sweep, ...edges]);
}

function runUnary(name: "exp" | "erf", input: Float32Array, offset: number): Float32Array {
  const memory = new WebAssembly.Memory({ initial: 64 });
  const heap = new Float32Array(memory.buffer);
  heap.set(input, offset);
  const out = offset + input.length + 5;
  simdKernelsOn(memory)[name](4 * offset, 4 * out, input.length);
  return heap.slice(out, out + input.length);
}

describe("the SIMD module's exp and erf", () => {
  it("exp is within 1 ulp of float64 exp on [−87, 88], 0 below, +∞ above, NaN for NaN", () => {
    const input = unaryInputs(-87, 88);
    const got = runUnary("exp", input, 3);
    let worst = 0;
    input.forEach((x, i) => {
      const y = got[i] as number;
      if (Number.isNaN(x)) return expect(y).toBeNaN();
      if (x < -87.34) return expect(y, `exp(${x})`).toBe(0);
      if (x > 88.38) return expect(y, `exp(${x})`).toBe(Infinity);
      const exact = Math.exp(x);
      worst = Math.max(worst, Math.abs(y - exact) / exact);
    });
    expect(worst).toBeLessThan(2 ** -23);
  });

  it("erf is within 5e−7 of float64 erf (the stats package's, ≈ 1e−14 of scipy), odd, NaN for NaN", () => {
    const input = unaryInputs(-6, 6);
    const got = runUnary("erf", input, 1);
    const exact = input.map((x) => (Number.isFinite(x) ? Math.sign(x) * (1 - erfc(Math.abs(x))) : Math.sign(x)));
    let worst = 0;
    input.forEach((x, i) => {
      const y = got[i] as number;
      if (Number.isNaN(x)) return expect(y).toBeNaN();
      worst = Math.max(worst, Math.abs(y - (exact[i] as number)));
    });
    expect(worst).toBeLessThan(5e-7);
    const mirrored = runUnary(
      "erf",
      input.map((x) => -x),
      1,
    );
    mirrored.forEach((y, i) => Number.isNaN(y) || expect(y).toBe(-(got[i] as number)));
  });

  it("the tail (count not a multiple of 4) gives the same bits as the lanes", () => {
    const input = unaryInputs(-5, 5).subarray(0, 4099);
    for (const name of ["exp", "erf"] as const) {
      const all = runUnary(name, input, 0);
      // Each value also computed in the scalar tail: one at a time, at counts 1, 2 and 3.
      for (let i = 0; i < 400; i++) {
        const one = runUnary(name, input.subarray(i, i + 1 + (i % 3)), 0);
        one.forEach((y, j) => expect(y).toBe(all[i + j]));
      }
    }
  });
});

describe("tf.matMul on the wasm backend with a right operand per batch item", () => {
  beforeAll(async () => {
    await initBackend({ backend: "wasm" });
  });

  it("gives the float32 sums in order of p for a shared b (a's batch folded into rows, aᵀ: the small GEMM's)", () => {
    // [3, 70, 40]ᵀ per item → 120 rows of depth 70 against one [70 × 30] b: 252,000 multiply-adds.
    const a = tf.randomNormal([3, 70, 40], 0, 1, "float32", 3);
    const b = tf.randomNormal([70, 30], 0, 1, "float32", 4);
    const got = tf.matMul(a, b, true).dataSync() as Float32Array;
    const aT = tf.transpose(a, [0, 2, 1]).dataSync() as Float32Array;
    expect(got).toEqual(reference(aT, b.dataSync() as Float32Array, 120, 70, 30));
  });

  it("XNNPACK, which takes the products with many rows and a large b, gives the same bits (order of p)", () => {
    // 600 rows against a [300 × 1000] b (1.2 MB): XNNPACK's. Routing between the two can then never change a result.
    const a = tf.randomNormal([600, 300], 0, 1, "float32", 7);
    const b = tf.randomNormal([300, 1000], 0, 1, "float32", 8);
    const got = tf.matMul(a, b).dataSync() as Float32Array;
    expect(got).toEqual(reference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, 600, 300, 1000));
  });

  it("runs on the small GEMM: attention's q·kᵀ and weights·v equal its float32 sums bit for bit", () => {
    // A depth of 200: tfjs' own loop sums in blocks of 48, so its bits would differ from one-at-a-time sums.
    const [batch, heads, tokens, dh] = [2, 3, 11, 200];
    const q = tf.randomNormal([batch, heads, tokens, dh], 0, 1, "float32", 1);
    const k = tf.randomNormal([batch, heads, tokens, dh], 0, 1, "float32", 2);
    const scores = tf.matMul(q, k, false, true);
    const weighted = tf.matMul(scores, k);
    const qs = q.dataSync() as Float32Array;
    const ks = k.dataSync() as Float32Array;
    const kT = tf.transpose(k, [0, 1, 3, 2]).dataSync() as Float32Array;
    const s = scores.dataSync() as Float32Array;
    const w = weighted.dataSync() as Float32Array;
    for (let item = 0; item < batch * heads; item++) {
      const at = (x: Float32Array, size: number) => x.subarray(item * size, (item + 1) * size);
      const sItem = reference(at(qs, tokens * dh), at(kT, dh * tokens), tokens, dh, tokens);
      expect(at(s, tokens * tokens)).toEqual(sItem);
      expect(at(w, tokens * dh)).toEqual(reference(sItem, at(ks, tokens * dh), tokens, tokens, dh));
    }
  });
});
