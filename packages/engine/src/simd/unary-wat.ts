/*
 * Element-wise exp and erf for the SIMD module, four lanes at a time with a scalar tail that computes
 * the same bits (the same IEEE operations in the same order), so a value's result does not depend on
 * where it falls in a tensor. tfjs' wasm backend calls the C library's expf / erff one value at a time
 * (≈ 7 and 3 ns per value here); GELU's forward and backward passes are made of them.
 *
 * exp: Cody–Waite reduction x = n·ln 2 + r and Cephes' degree-6 polynomial for eʳ (≤ 1 ulp against
 * float64, checked over [−87, 88]); below −87.34 it is 0, above 88.38 +∞, NaN stays NaN.
 * erf: a rational function of x² on x clamped to [−4, 4], as in Eigen's fast float erf (≤ 4.5e−7 absolute).
 */

type Lanes = "f32x4" | "f32";

const EXP_LOW = -87.33654; // ln of the smallest normal float: 2ⁿ below it is not built from an exponent field
const EXP_HIGH = 88.37626;
const LOG2E = 1.4426950408889634;
const LN2_HIGH = 0.693359375;
const LN2_LOW = -2.1219444e-4;
const EXP_POLY = [1.98756915e-4, 1.39819995e-3, 8.33345191e-3, 4.16657959e-2, 1.66666655e-1, 5.00000012e-1];
const ERF_CLAMP = 4;
const ERF_NUMERATOR = [
  -2.72614225801306e-10, 2.77068142495902e-8, -2.10102402082508e-6, -5.69250639462346e-5, -7.34990630326855e-4,
  -2.95459980854025e-3, -1.60960333262415e-2,
];
const ERF_DENOMINATOR = [
  -1.45660718464996e-5, -2.13374055278905e-4, -1.68282697438203e-3, -7.37332916720468e-3, -1.42647390514189e-2,
];

/** Expression builders for one lane type: the same formula reads the same in both. */
function ops(t: Lanes) {
  const vector = t === "f32x4";
  const literal = (value: number) => (value === Number.POSITIVE_INFINITY ? "inf" : String(value));
  const c = (value: number) =>
    vector ? `(v128.const f32x4 ${Array(4).fill(literal(value)).join(" ")})` : `(f32.const ${literal(value)})`;
  const op =
    (name: string) =>
    (...args: string[]) =>
      `(${t}.${name} ${args.join(" ")})`;
  const [add, sub, mul, div, min, max, nearest] = ["add", "sub", "mul", "div", "min", "max", "nearest"].map(op) as [
    (x: string, y: string) => string,
    (x: string, y: string) => string,
    (x: string, y: string) => string,
    (x: string, y: string) => string,
    (x: string, y: string) => string,
    (x: string, y: string) => string,
    (x: string) => string,
  ];
  /** where cond holds, then; else otherwise. */
  const choose = (then: string, otherwise: string, cond: string) =>
    vector ? `(v128.bitselect ${then} ${otherwise} ${cond})` : `(select ${then} ${otherwise} ${cond})`;
  const lt = op("lt");
  const gt = op("gt");
  const ne = op("ne");
  /** 2ⁿ for an integral n in [−126, 127], built from the exponent field. */
  const pow2 = (n: string) =>
    vector
      ? `(i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s ${n}) (v128.const i32x4 127 127 127 127)) (i32.const 23))`
      : `(f32.reinterpret_i32 (i32.shl (i32.add (i32.trunc_sat_f32_s ${n}) (i32.const 127)) (i32.const 23)))`;
  /** Horner's rule on coefficients from the highest degree down: ((c₀·z + c₁)·z + c₂)… */
  const horner = (z: string, coefficients: number[]) =>
    coefficients.slice(1).reduce((acc, k) => add(mul(acc, z), c(k)), c(coefficients[0] as number));
  return { c, add, sub, mul, div, min, max, nearest, choose, lt, gt, ne, pow2, horner };
}

/** Statements computing exp of local $x into local $y (locals $n, $r, $p of the lane type). */
function exp(t: Lanes): string {
  const o = ops(t);
  const x = "(local.get $x)";
  const n = "(local.get $n)";
  const r = "(local.get $r)";
  const p = "(local.get $p)";
  return [
    `(local.set $r ${o.max(o.min(x, o.c(EXP_HIGH)), o.c(EXP_LOW))})`,
    `(local.set $n ${o.nearest(o.mul(r, o.c(LOG2E)))})`,
    `(local.set $r ${o.sub(o.sub(r, o.mul(n, o.c(LN2_HIGH))), o.mul(n, o.c(LN2_LOW)))})`,
    `(local.set $p ${o.horner(r, EXP_POLY)})`,
    `(local.set $p ${o.add(o.add(o.mul(o.mul(p, r), r), r), o.c(1))})`,
    `(local.set $y ${o.mul(p, o.pow2(n))})`,
    `(local.set $y ${o.choose(o.c(0), "(local.get $y)", o.lt(x, o.c(EXP_LOW)))})`,
    `(local.set $y ${o.choose(o.c(Number.POSITIVE_INFINITY), "(local.get $y)", o.gt(x, o.c(EXP_HIGH)))})`,
    `(local.set $y ${o.choose(x, "(local.get $y)", o.ne(x, x))})`,
  ].join("\n        ");
}

/** Statements computing erf of local $x into local $y (locals $r, $p of the lane type; $r is x², $n x clamped). */
function erf(t: Lanes): string {
  const o = ops(t);
  const n = "(local.get $n)";
  const r = "(local.get $r)";
  return [
    `(local.set $n ${o.max(o.min("(local.get $x)", o.c(ERF_CLAMP)), o.c(-ERF_CLAMP))})`,
    `(local.set $r ${o.mul(n, n)})`,
    `(local.set $p ${o.mul(n, o.horner(r, ERF_NUMERATOR))})`,
    `(local.set $y ${o.div("(local.get $p)", o.horner(r, ERF_DENOMINATOR))})`,
  ].join("\n        ");
}

/** f(x, y, count): y[i] = f(x[i]) for count floats at byte addresses x and y. */
function unaryFunction(name: string, body: (t: Lanes) => string): string {
  const vectorLocals = "(local $x v128) (local $y v128) (local $n v128) (local $r v128) (local $p v128)";
  const scalarLocals = "(local $sx f32) (local $sy f32) (local $sn f32) (local $sr f32) (local $sp f32)";
  const scalar = body("f32").replace(/\$(x|y|n|r|p)\b/g, "$s$1");
  return `
  (func (export "${name}") (param $in i32) (param $out i32) (param $count i32)
    ${vectorLocals} ${scalarLocals} (local $end i32)
    (local.set $end (i32.add (local.get $in) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $in) (local.get $end)))
        (local.set $x (v128.load (local.get $in)))
        ${body("f32x4")}
        (v128.store (local.get $out) (local.get $y))
        (local.set $in (i32.add (local.get $in) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $vectors)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 3)) (i32.const 2))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $in) (local.get $end)))
        (local.set $sx (f32.load (local.get $in)))
        ${scalar}
        (f32.store (local.get $out) (local.get $sy))
        (local.set $in (i32.add (local.get $in) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))`;
}

/** The module's element-wise functions: exp and erf. */
export function unaryFunctions(): string {
  return [unaryFunction("exp", exp), unaryFunction("erf", erf)].join("\n");
}
