/*
 * Element-wise functions of the SIMD module: GELU's forward and backward passes, built on exp and erf,
 * four lanes at a time with a scalar tail that computes the same bits (the same IEEE operations in the same
 * order), so a value's result does not depend on where it falls in a tensor. exp and erf are exported too,
 * for their accuracy tests; tf.exp and tf.erf keep tfjs' kernels (the C library's, one value at a time),
 * so that models without GELU, whose losses use exp, keep the bits of runs stored before this module.
 *
 * exp: Cody–Waite reduction x = n·ln 2 + r and Cephes' degree-6 polynomial for eʳ (≤ 1 ulp against
 * float64, checked over [−87, 88]); below −87.34 it is 0, above 88.38 +∞, NaN stays NaN.
 * erf: a rational function of x² on x clamped to [−4, 4], as in Eigen's fast float erf (≤ 4.5e−7 absolute).
 */

type Lanes = "f32x4" | "f32";

const EXP_LOW = -87.33654; // ln of the smallest normal float: 2ⁿ below it is not built from an exponent field
const EXP_HIGH = 88.37626;
const LOG2E = Math.LOG2E;
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

/** Statements computing erf of local $x into local $y (locals $n, $r, $p: x clamped, its square, the numerator). */
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

const LOCALS = ["a", "b", "x", "y", "n", "r", "p", "e"];

/**
 * An element-wise function over count floats: (in, out, count) with one input, (dy, x, out, count) with
 * two. The body reads its inputs from $a (and $b) and leaves the result in $y; the tail runs it on scalars.
 */
function mapFunction(name: string, inputs: 1 | 2, body: (t: Lanes) => string): string {
  const vectorLocals = LOCALS.map((l) => `(local $${l} v128)`).join(" ");
  const scalarLocals = LOCALS.map((l) => `(local $s${l} f32)`).join(" ");
  const scalar = body("f32").replace(new RegExp(`\\$(${LOCALS.join("|")})\\b`, "g"), "$s$1");
  const params = inputs === 1 ? "(param $in i32)" : "(param $in i32) (param $in2 i32)";
  const next = (width: number) =>
    [
      `(local.set $in (i32.add (local.get $in) (i32.const ${width})))`,
      ...(inputs === 2 ? [`(local.set $in2 (i32.add (local.get $in2) (i32.const ${width})))`] : []),
      `(local.set $out (i32.add (local.get $out) (i32.const ${width})))`,
    ].join("\n        ");
  const load = (type: "v128" | "f32", prefix: string) =>
    [
      `(local.set $${prefix}a (${type}.load (local.get $in)))`,
      ...(inputs === 2 ? [`(local.set $${prefix}b (${type}.load (local.get $in2)))`] : []),
    ].join("\n        ");
  return `
  (func (export "${name}") ${params} (param $out i32) (param $count i32)
    ${vectorLocals} ${scalarLocals} (local $end i32)
    (local.set $end (i32.add (local.get $in) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $vectorsDone
      (loop $vectors
        (br_if $vectorsDone (i32.ge_u (local.get $in) (local.get $end)))
        ${load("v128", "")}
        ${body("f32x4")}
        (v128.store (local.get $out) (local.get $y))
        ${next(16)}
        (br $vectors)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 3)) (i32.const 2))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $in) (local.get $end)))
        ${load("f32", "s")}
        ${scalar}
        (f32.store (local.get $out) (local.get $sy))
        ${next(4)}
        (br $tail))))`;
}

/*
 * GELU as models/layers/activations.ts composes it from tfjs ops, fused: the same float32 operations in
 * the same order (so the same bits as the composed ops on this backend), in one pass instead of 5 forward
 * and 11 backward, each of which allocated and wrote a tensor of the MLP's hidden size.
 *   forward  y  = (x · (erf(x · √½) + 1)) · ½
 *   backward dx = dy · ((erf(x · √½) + 1) · ½ + x · (exp((x · x) · −½) · 1/√(2π)))
 */
function geluForward(t: Lanes): string {
  const o = ops(t);
  return [
    `(local.set $x ${o.mul("(local.get $a)", o.c(Math.SQRT1_2))})`,
    erf(t),
    `(local.set $y ${o.mul(o.mul("(local.get $a)", o.add("(local.get $y)", o.c(1))), o.c(0.5))})`,
  ].join("\n        ");
}

function geluBackward(t: Lanes): string {
  const o = ops(t);
  const x = "(local.get $b)";
  return [
    `(local.set $x ${o.mul(x, o.c(Math.SQRT1_2))})`,
    erf(t),
    `(local.set $e ${o.mul(o.add("(local.get $y)", o.c(1)), o.c(0.5))})`,
    `(local.set $x ${o.mul(o.mul(x, x), o.c(-0.5))})`,
    exp(t),
    `(local.set $y ${o.mul("(local.get $y)", o.c(1 / Math.sqrt(2 * Math.PI)))})`,
    `(local.set $y ${o.mul("(local.get $a)", o.add("(local.get $e)", o.mul(x, "(local.get $y)")))})`,
  ].join("\n        ");
}

const fromA = (body: (t: Lanes) => string) => (t: Lanes) => `(local.set $x (local.get $a))\n        ${body(t)}`;

/** The module's element-wise functions: GELU's forward (x → y) and backward ((dy, x) → dx); exp and erf. */
export function unaryFunctions(): string {
  return [
    mapFunction("exp", 1, fromA(exp)),
    mapFunction("erf", 1, fromA(erf)),
    mapFunction("gelu", 1, geluForward),
    mapFunction("gelu_grad", 2, geluBackward),
  ].join("\n");
}
