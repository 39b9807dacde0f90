/*
 * The GEMM of seedscope's SIMD module (module-wat.ts), generated so that each tile shape is written once.
 * It works in place on the wasm backend's own memory, with no packing:
 * C[i, j] = Σₚ A[i, p] · B[p, j] for row-major A [m, k], B [k, n], C [m, n], over a batch whose three
 * operands each advance by their own byte stride (a stride of 0 shares that operand across the batch).
 *
 * Every element is summed as ((A₀B₀ + A₁B₁) + A₂B₂) + …, one product at a time, with no fused
 * multiply-add, in every tile shape and lane: so the result does not depend on how m and n fall into
 * tiles, and a product is bit-identical whatever batch or thread it runs in.
 */

/**
 * Tile heights (rows of C) and widths (columns of C) the module has a micro-kernel for. A 5 × 8 tile keeps
 * 10 accumulators, two vectors of B and the broadcast A value in 13 of x64's 16 SIMD registers, which
 * TurboFan allocates without spilling; 6 × 8 (15 registers) spills. On one EPYC core, GFLOP/s on
 * attention's and the linear layers' shapes: 5 × 8 38–50, 4 × 8 32–42, 3 × 8 29–40, 6 × 8 26–30.
 */
const ROWS = [5, 4, 2, 1] as const;
const WIDTHS = [8, 4, 1] as const;
type Rows = (typeof ROWS)[number];
type Width = (typeof WIDTHS)[number];

/** B's block of p in floats (256 KB), and the fewest steps of p a block takes however wide B is. */
const BLOCK_FLOATS = 1 << 16;
const MIN_BLOCK_DEPTH = 64;

const range = (n: number) => [...Array(n).keys()];
const get = (name: string) => `(local.get $${name})`;
const add = (x: string, y: string) => `(i32.add ${x} ${y})`;

/**
 * mk_R_W(a, b, c, k, lda, ldb, ldc, acc, pstep): one R × W tile of C; a, b, c point at its first row / column,
 * A[r, p] lies at a + r·lda + p·pstep, and with acc the sums start from C's values instead of 0. Each step
 * of p reads B's row p once for the tile and broadcasts each A[r, p] straight from memory (one
 * v128.load32_splat). The loop is deliberately not unrolled: TurboFan hoists the loads of an unrolled
 * body ahead of the arithmetic, and the extra live B vectors spill the accumulators (29 against 45
 * GFLOP/s, 6 × 8 unrolled by 4 against 5 × 8 plain).
 */
function microKernel(rows: Rows, width: Width): string {
  const scalar = width === 1;
  const type = scalar ? "f32" : "v128";
  const ops = scalar ? "f32" : "f32x4";
  const acc = (r: number, v: number) => `c${r}_${v}`;
  const parts = scalar ? [0] : range(width / 4);
  const locals = [
    ...range(rows).flatMap((r) => parts.map((v) => `(local $${acc(r, v)} ${type})`)),
    ...range(rows).map((r) => `(local $pa${r} i32)`),
    ...parts.map((v) => `(local $b${v} ${type})`),
    `(local $x ${type})`,
  ];
  const rowPointers = range(rows).map((r) =>
    r === 0 ? `(local.set $pa0 ${get("a")})` : `(local.set $pa${r} ${add(get(`pa${r - 1}`), get("lda"))})`,
  );
  const loadB = parts.map((v) =>
    scalar ? `(local.set $b0 (f32.load ${get("b")}))` : `(local.set $b${v} (v128.load offset=${16 * v} ${get("b")}))`,
  );
  const multiplyAdd = range(rows).flatMap((r) => [
    scalar ? `(local.set $x (f32.load ${get(`pa${r}`)}))` : `(local.set $x (v128.load32_splat ${get(`pa${r}`)}))`,
    ...parts.map(
      (v) => `(local.set $${acc(r, v)} (${ops}.add ${get(acc(r, v))} (${ops}.mul ${get("x")} ${get(`b${v}`)})))`,
    ),
    `(local.set $pa${r} ${add(get(`pa${r}`), get("pstep"))})`,
  ]);
  const loads = range(rows).flatMap((r) => [
    ...parts.map((v) =>
      scalar
        ? `(local.set $${acc(r, v)} (f32.load ${get("pc")}))`
        : `(local.set $${acc(r, v)} (v128.load offset=${16 * v} ${get("pc")}))`,
    ),
    ...(r < rows - 1 ? [`(local.set $pc ${add(get("pc"), get("ldc"))})`] : []),
  ]);
  const stores = range(rows).flatMap((r) => [
    ...parts.map((v) =>
      scalar
        ? `(f32.store ${get("c")} ${get(acc(r, v))})`
        : `(v128.store offset=${16 * v} ${get("c")} ${get(acc(r, v))})`,
    ),
    ...(r < rows - 1 ? [`(local.set $c ${add(get("c"), get("ldc"))})`] : []),
  ]);
  return `
  (func $mk_${rows}_${width} (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $lda i32) (param $ldb i32) (param $ldc i32) (param $acc i32) (param $pstep i32)
    ${locals.join(" ")} (local $pc i32)
    ${rowPointers.join("\n    ")}
    (if ${get("acc")}
      (then
        (local.set $pc ${get("c")})
        ${loads.join("\n        ")}))
    (block $empty
      (br_if $empty (i32.eqz ${get("k")}))
      (loop $p
        ${loadB.join("\n        ")}
        ${multiplyAdd.join("\n        ")}
        (local.set $b ${add(get("b"), get("ldb"))})
        (br_if $p (local.tee $k (i32.sub ${get("k")} (i32.const 1))))))
    ${stores.join("\n    ")})`;
}

/** row_R(a, b, c, k, n, lda, ldb, ldc, acc, pstep): R rows of C, in tiles of 8, then 4, then 1 columns. */
function rowBlock(rows: Rows): string {
  const call = (width: Width) =>
    `(call $mk_${rows}_${width} ${get("a")} ${add(get("b"), get("j4"))} ${add(get("c"), get("j4"))} ${get("k")} ${get("lda")} ${get("ldb")} ${get("ldc")} ${get("acc")} ${get("pstep")})`;
  const loop = (width: Width) => `
    (block $done${width}
      (loop $next${width}
        (br_if $done${width} (i32.gt_u ${add(get("j4"), `(i32.const ${4 * width})`)} ${get("n4")}))
        ${call(width)}
        (local.set $j4 ${add(get("j4"), `(i32.const ${4 * width})`)})
        (br $next${width})))`;
  return `
  (func $row_${rows} (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $n i32) (param $lda i32) (param $ldb i32) (param $ldc i32) (param $acc i32) (param $pstep i32)
    (local $j4 i32) (local $n4 i32)
    (local.set $n4 (i32.shl ${get("n")} (i32.const 2)))
    ${WIDTHS.map(loop).join("")})`;
}

/**
 * gemm_strided(a, b, c, m, k, n, batch, strideA, strideB, strideC, lda, pstep, ldb, ldc, accumulate): byte
 * addresses and byte strides. A[i, p] lies at a + i·lda + p·pstep, B[p, j] at b + p·ldb + 4j, C[i, j] at
 * c + i·ldc + 4j. With accumulate, C += A·B (the sums start from C's values), so a batch with strideC 0 sums
 * its items' products into one C, item after item. Deep products go in blocks of p small enough that B's block
 * (≈ 256 KB) stays in the core's cache while every row of A passes over it; from the second block on, the
 * tiles start from the partial sums in C, so each output still adds its products one at a time in order of p.
 */
const stridedDriver = `
  (func $gemm_strided (export "gemm_strided") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
      (param $batch i32) (param $sa i32) (param $sb i32) (param $sc i32)
      (param $lda i32) (param $pstep i32) (param $ldb i32) (param $ldc i32) (param $accumulate i32)
    (local $i i32) (local $pa i32) (local $pc i32) (local $depth i32) (local $p0 i32) (local $block i32) (local $pb i32)
    (local.set $depth (i32.div_u (i32.const ${BLOCK_FLOATS}) (select ${get("n")} (i32.const 1) ${get("n")})))
    (if (i32.lt_u ${get("depth")} (i32.const ${MIN_BLOCK_DEPTH})) (then (local.set $depth (i32.const ${MIN_BLOCK_DEPTH}))))
    (block $end
      (loop $batches
        (br_if $end (i32.eqz ${get("batch")}))
        (local.set $p0 (i32.const 0))
        (loop $blocks
          (local.set $block (i32.sub ${get("k")} ${get("p0")}))
          (if (i32.gt_u ${get("block")} ${get("depth")}) (then (local.set $block ${get("depth")})))
          (local.set $i (i32.const 0))
          (local.set $pa ${add(get("a"), `(i32.mul ${get("p0")} ${get("pstep")})`)})
          (local.set $pb ${add(get("b"), `(i32.mul ${get("p0")} ${get("ldb")})`)})
          (local.set $pc ${get("c")})
          ${ROWS.map(
            (rows) => `
          (block $done${rows}
            (loop $next${rows}
              (br_if $done${rows} (i32.gt_u ${add(get("i"), `(i32.const ${rows})`)} ${get("m")}))
              (call $row_${rows} ${get("pa")} ${get("pb")} ${get("pc")} ${get("block")} ${get("n")} ${get("lda")} ${get("ldb")} ${get("ldc")} (i32.or ${get("accumulate")} (i32.ne ${get("p0")} (i32.const 0))) ${get("pstep")})
              (local.set $i ${add(get("i"), `(i32.const ${rows})`)})
              (local.set $pa ${add(get("pa"), `(i32.mul ${get("lda")} (i32.const ${rows}))`)})
              (local.set $pc ${add(get("pc"), `(i32.mul ${get("ldc")} (i32.const ${rows}))`)})
              (br $next${rows})))`,
          ).join("")}
          (local.set $p0 ${add(get("p0"), get("depth"))})
          (br_if $blocks (i32.lt_u ${get("p0")} ${get("k")})))
        (local.set $a ${add(get("a"), get("sa"))})
        (local.set $b ${add(get("b"), get("sb"))})
        (local.set $c ${add(get("c"), get("sc"))})
        (local.set $batch (i32.sub ${get("batch")} (i32.const 1)))
        (br $batches))))`;

/**
 * gemm(a, b, c, m, k, n, batch, strideA, strideB, strideC, transposedA, accumulate): gemm_strided for dense
 * row-major operands A [m, k] (stored [k, m] when transposedA, read in place), B [k, n] and C [m, n].
 */
const denseDriver = `
  (func (export "gemm") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
      (param $batch i32) (param $sa i32) (param $sb i32) (param $sc i32) (param $transposedA i32) (param $accumulate i32)
    (call $gemm_strided ${["a", "b", "c", "m", "k", "n", "batch", "sa", "sb", "sc"].map(get).join(" ")}
      (select (i32.const 4) (i32.shl ${get("k")} (i32.const 2)) ${get("transposedA")})
      (select (i32.shl ${get("m")} (i32.const 2)) (i32.const 4) ${get("transposedA")})
      (i32.shl ${get("n")} (i32.const 2))
      (i32.shl ${get("n")} (i32.const 2))
      ${get("accumulate")}))`;

/** The module's GEMM functions: the micro-kernels, the row blocks and the exported driver. */
export function gemmFunctions(): string {
  return [
    ...ROWS.flatMap((r) => WIDTHS.map((w) => microKernel(r, w))),
    ...ROWS.map(rowBlock),
    stridedDriver,
    denseDriver,
  ].join("\n");
}
