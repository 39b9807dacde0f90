/*
 * Layer normalisation's full-size passes for the SIMD module (kernels/layer-norm.ts): statistics per row of `ch`
 * floats (ch a multiple of 4). Each row's mean of some values is what the wasm backend's Mean over the last axis
 * gives: a float32 sum, one value after another in order, divided by ch in float32; that part is scalar, since its
 * order is sequential. The element-wise parts are the float32 operations of models' composed normalisation, four
 * channels at a time, with the row's statistics broadcast.
 */

const get = (name: string) => `(local.get $${name})`;
/** The float32 at `base` + 4·$r (a row's statistic). */
const rowValue = (base: string) => `(f32.load (i32.add ${get(base)} (i32.shl ${get("r")} (i32.const 2))))`;
const splat = (value: string) => `(f32x4.splat ${value})`;
const at = (base: string) => `(i32.add ${get(base)} ${get("c")})`;

/**
 * A function over `rows` rows of ch floats: `rowwise` addresses advance by a row after each, `stats` are per-row
 * float32 vectors read or written at index $r, `fixed` per-channel vectors; `rowStart` runs once per row, `body` once
 * per 4 channels ($c the byte offset in the row; locals $v0, $v1, $s0…$s2 (f32) and $ch4 free), `rowEnd` after.
 */
function rowFunction(
  name: string,
  params: { rowwise: string[]; stats: string[]; fixed: string[] },
  parts: { rowStart: string; body: string; rowEnd: string; step?: number },
): string {
  const declared = [...params.rowwise, ...params.stats, ...params.fixed].map((p) => `(param $${p} i32)`).join(" ");
  const step = parts.step ?? 16;
  return `
  (func (export "${name}") ${declared} (param $rows i32) (param $ch i32)
    (local $r i32) (local $c i32) (local $rowBytes i32) (local $v0 v128) (local $v1 v128) (local $s0 f32) (local $s1 f32) (local $s2 f32)
    (local.set $rowBytes (i32.shl ${get("ch")} (i32.const 2)))
    (block $done
      (br_if $done (i32.eqz ${get("rows")}))
      (br_if $done (i32.eqz ${get("ch")}))
      (loop $row
        ${parts.rowStart}
        (local.set $c (i32.const 0))
        (loop $channel
          ${parts.body}
          (br_if $channel (i32.lt_u (local.tee $c (i32.add ${get("c")} (i32.const ${step}))) ${get("rowBytes")})))
        ${parts.rowEnd}
        ${params.rowwise.map((p) => `(local.set $${p} (i32.add ${get(p)} ${get("rowBytes")}))`).join("\n        ")}
        (local.set $r (i32.add ${get("r")} (i32.const 1)))
        (br_if $row (i32.lt_u ${get("r")} ${get("rows")}))))
  )`;
}

const count = `(f32.convert_i32_u ${get("ch")})`;

/** row_variance(x, mean, variance, rows, ch): variance[r] = (Σ_c (x − mean[r])², in order, float32) / ch. */
const variance = rowFunction(
  "row_variance",
  { rowwise: ["x"], stats: ["mean", "variance"], fixed: [] },
  {
    rowStart: `(local.set $s1 ${rowValue("mean")}) (local.set $s0 (f32.const 0))`,
    body: `(local.set $s2 (f32.sub (f32.load ${at("x")}) ${get("s1")}))
          (local.set $s0 (f32.add ${get("s0")} (f32.mul ${get("s2")} ${get("s2")})))`,
    rowEnd: `(f32.store (i32.add ${get("variance")} (i32.shl ${get("r")} (i32.const 2))) (f32.div ${get("s0")} ${count}))`,
    step: 4,
  },
);

/** row_normalize(x, y, xhat, mean, rstd, gamma, beta, rows, ch): xhat = (x − mean[r])·rstd[r], y = xhat·γ + β. */
const normalize = rowFunction(
  "row_normalize",
  { rowwise: ["x", "y", "xhat"], stats: ["mean", "rstd"], fixed: ["gamma", "beta"] },
  {
    rowStart: `(local.set $v0 ${splat(rowValue("mean"))}) (local.set $v1 ${splat(rowValue("rstd"))})`,
    body: `(v128.store ${at("xhat")} (f32x4.mul (f32x4.sub (v128.load ${at("x")}) ${get("v0")}) ${get("v1")}))
          (v128.store ${at("y")} (f32x4.add (f32x4.mul (v128.load ${at("xhat")}) (v128.load ${at("gamma")})) (v128.load ${at("beta")})))`,
    rowEnd: "",
  },
);

/**
 * row_norm_means(dy, xhat, gamma, meanScaled, meanScaledXhat, rows, ch): with scaled = dy·γ, the row means of scaled
 * and of scaled·xhat (each a float32 sum in order, divided by ch).
 */
const means = rowFunction(
  "row_norm_means",
  { rowwise: ["dy", "xhat"], stats: ["meanScaled", "meanScaledXhat"], fixed: ["gamma"] },
  {
    rowStart: "(local.set $s0 (f32.const 0)) (local.set $s1 (f32.const 0))",
    body: `(local.set $s2 (f32.mul (f32.load ${at("dy")}) (f32.load ${at("gamma")})))
          (local.set $s0 (f32.add ${get("s0")} ${get("s2")}))
          (local.set $s1 (f32.add ${get("s1")} (f32.mul ${get("s2")} (f32.load ${at("xhat")}))))`,
    rowEnd: `(f32.store (i32.add ${get("meanScaled")} (i32.shl ${get("r")} (i32.const 2))) (f32.div ${get("s0")} ${count}))
        (f32.store (i32.add ${get("meanScaledXhat")} (i32.shl ${get("r")} (i32.const 2))) (f32.div ${get("s1")} ${count}))`,
    step: 4,
  },
);

/** row_norm_grad(dy, xhat, dx, m1, m2, rstd, gamma, rows, ch): dx = ((dy·γ − m1[r]) − xhat·m2[r])·rstd[r]. */
const gradient = rowFunction(
  "row_norm_grad",
  { rowwise: ["dy", "xhat", "dx"], stats: ["m1", "m2", "rstd"], fixed: ["gamma"] },
  {
    rowStart: `(local.set $v0 ${splat(rowValue("m1"))}) (local.set $v1 ${splat(rowValue("m2"))}) (local.set $s0 ${rowValue("rstd")})`,
    body: `(v128.store ${at("dx")} (f32x4.mul
            (f32x4.sub (f32x4.sub (f32x4.mul (v128.load ${at("dy")}) (v128.load ${at("gamma")})) ${get("v0")})
              (f32x4.mul (v128.load ${at("xhat")}) ${get("v1")}))
            ${splat(get("s0"))}))`,
    rowEnd: "",
  },
);

/** The module's layer-normalisation functions. */
export function layerNormFunctions(): string {
  return [variance, normalize, means, gradient].join("\n");
}
