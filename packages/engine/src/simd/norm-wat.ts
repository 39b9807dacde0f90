/*
 * Batch normalisation's full-size passes for the SIMD module (kernels/batch-norm.ts), over rows of `channels`
 * floats, channels a multiple of 4, four channels at a time. Element-wise values are the float32 operations of
 * models' composed normalisation (f32x4 lanes are IEEE float32, as the wasm backend's kernels are). Per-channel
 * sums are float64, each float32 value widened and added in row order into a float64 accumulator per channel in
 * memory, as reduce-leading.ts adds them: the caller zeroes the accumulators, passes one tile of rows at a time and
 * adds the tile's sums into its totals, in the same order as reduce-leading.ts.
 */

const get = (name: string) => `(local.get $${name})`;
const load = (address: string) => `(v128.load ${address})`;
const at = (base: string) => `(i32.add ${get(base)} ${get("c")})`;
/** Accumulator address for channel byte offset c: float64, so twice c's offset. */
const accAt = (base: string, array: number) =>
  `(i32.add (i32.add ${get(base)} (i32.shl ${get("c")} (i32.const 1))) (i32.mul ${get("ch")} (i32.const ${8 * array})))`;

/** Adds the four float32 lanes of `value` (a local) to four float64 accumulators at accAt(base, array). */
function accumulate(value: string, base: string, array: number): string {
  const address = accAt(base, array);
  const high = `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${get(value)} ${get(value)})`;
  return `
        (local.set $a ${address})
        (v128.store (local.get $a) (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 ${get(value)})))
        (v128.store offset=16 (local.get $a) (f64x2.add (v128.load offset=16 (local.get $a)) (f64x2.promote_low_f32x4 ${high})))`;
}

/**
 * A function over `rows` rows: `params` are the byte addresses of its row-major inputs and outputs (advanced by a
 * row after each row: `rowwise`) and of per-channel vectors (fixed); the body runs once per 4 channels with $c
 * the byte offset within the row and locals $v0…$v3 and $a free.
 */
function rowFunction(name: string, rowwise: string[], fixed: string[], body: string): string {
  const params = [...rowwise, ...fixed].map((p) => `(param $${p} i32)`).join(" ");
  return `
  (func (export "${name}") ${params} (param $rows i32) (param $ch i32)
    (local $c i32) (local $rowBytes i32) (local $a i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $rowBytes (i32.shl ${get("ch")} (i32.const 2)))
    (block $done
      (br_if $done (i32.eqz ${get("rows")}))
      (br_if $done (i32.eqz ${get("ch")}))
      (loop $row
        (local.set $c (i32.const 0))
        (loop $channel
          ${body}
          (br_if $channel (i32.lt_u (local.tee $c (i32.add ${get("c")} (i32.const 16))) ${get("rowBytes")})))
        ${rowwise.map((p) => `(local.set $${p} (i32.add ${get(p)} ${get("rowBytes")}))`).join("\n        ")}
        (br_if $row (local.tee $rows (i32.sub ${get("rows")} (i32.const 1)))))))`;
}

/** channel_sum(x, acc, rows, ch): acc[c] += x per channel. */
const sum = rowFunction("channel_sum", ["x"], ["acc"], `(local.set $v0 ${load(at("x"))})${accumulate("v0", "acc", 0)}`);

/** norm_variance(x, mean, acc, rows, ch): acc[c] += (x − mean)² per channel. */
const variance = rowFunction(
  "norm_variance",
  ["x"],
  ["mean", "acc"],
  `(local.set $v0 (f32x4.sub ${load(at("x"))} ${load(at("mean"))}))
          (local.set $v0 (f32x4.mul ${get("v0")} ${get("v0")}))${accumulate("v0", "acc", 0)}`,
);

/** norm_apply(x, y, xhat, mean, rstd, gamma, beta, rows, ch): xhat = (x − mean)·rstd, y = xhat·gamma + beta. */
const apply = rowFunction(
  "norm_apply",
  ["x", "y", "xhat"],
  ["mean", "rstd", "gamma", "beta"],
  `(local.set $v0 (f32x4.mul (f32x4.sub ${load(at("x"))} ${load(at("mean"))}) ${load(at("rstd"))}))
          (v128.store ${at("xhat")} ${get("v0")})
          (v128.store ${at("y")} (f32x4.add (f32x4.mul ${get("v0")} ${load(at("gamma"))}) ${load(at("beta"))}))`,
);

/**
 * norm_sums(dy, xhat, gamma, acc, rows, ch): with scaled = dy·gamma, the four accumulator arrays at acc (ch float64
 * each) gain scaled, scaled·xhat, dy·xhat and dy.
 */
const sums = rowFunction(
  "norm_sums",
  ["dy", "xhat"],
  ["gamma", "acc"],
  `(local.set $v0 ${load(at("dy"))})
          (local.set $v1 ${load(at("xhat"))})
          (local.set $v2 (f32x4.mul ${get("v0")} ${load(at("gamma"))}))${accumulate("v2", "acc", 0)}
          (local.set $v3 (f32x4.mul ${get("v2")} ${get("v1")}))${accumulate("v3", "acc", 1)}
          (local.set $v3 (f32x4.mul ${get("v0")} ${get("v1")}))${accumulate("v3", "acc", 2)}${accumulate("v0", "acc", 3)}`,
);

/**
 * norm_param_sums(dy, xhat, acc, rows, ch): the two accumulator arrays at acc gain dy·xhat and dy (the gradients of
 * the scale and shift, for layer normalisation, whose other sums are per row).
 */
const paramSums = rowFunction(
  "norm_param_sums",
  ["dy", "xhat"],
  ["acc"],
  `(local.set $v0 ${load(at("dy"))})
          (local.set $v3 (f32x4.mul ${get("v0")} ${load(at("xhat"))}))${accumulate("v3", "acc", 0)}${accumulate("v0", "acc", 1)}`,
);

/** norm_grad(dy, xhat, dx, gamma, meanScaled, meanScaledXhat, rstd, rows, ch): dx = ((dy·γ − m1) − xhat·m2)·rstd. */
const gradient = rowFunction(
  "norm_grad",
  ["dy", "xhat", "dx"],
  ["gamma", "m1", "m2", "rstd"],
  `(local.set $v0 (f32x4.sub (f32x4.mul ${load(at("dy"))} ${load(at("gamma"))}) ${load(at("m1"))}))
          (local.set $v0 (f32x4.sub ${get("v0")} (f32x4.mul ${load(at("xhat"))} ${load(at("m2"))})))
          (v128.store ${at("dx")} (f32x4.mul ${get("v0")} ${load(at("rstd"))}))`,
);

/** The module's per-channel sum and normalisation functions. */
export function normFunctions(): string {
  return [sum, variance, apply, sums, paramSums, gradient].join("\n");
}
