// The engine's matrix products on the wasm backend, one thread: `npm run bench:gemm`. For each shape a
// training step uses (vit-tiny and resmlp-s at 28×28, batch 64; resnet20's filter-gradient products) and
// three squares, GFLOP/s of tf.matMul (seedscope's BatchMatMul: the small SIMD GEMM or XNNPACK, as it
// routes) against tf.fused.matMul (tfjs' own fused kernel: XNNPACK, or its scalar loop for a batched b),
// the baseline, in the same process; best of the timed repeats.
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "@seedscope/engine";

interface Shape {
  readonly label: string;
  readonly a: number[];
  readonly b: number[];
  readonly transposeA?: boolean;
}

const SHAPES: Shape[] = [
  { label: "attention q·kᵀ (kᵀ materialised)", a: [64, 3, 50, 32], b: [64, 3, 32, 50] },
  { label: "attention weights·v", a: [64, 3, 50, 50], b: [64, 3, 50, 32] },
  { label: "linear forward", a: [3200, 96], b: [96, 384] },
  { label: "linear forward, wide input", a: [3200, 384], b: [384, 96] },
  { label: "weight gradient xᵀ·dy", a: [3200, 96], b: [3200, 384], transposeA: true },
  { label: "weight gradient, 384 rows", a: [3200, 384], b: [3200, 96], transposeA: true },
  { label: "conv filter gradient Pᵀ·dy", a: [144, 50176], b: [50176, 16] },
  { label: "512²", a: [512, 512], b: [512, 512] },
  { label: "768²", a: [768, 768], b: [768, 768] },
  { label: "1024²", a: [1024, 1024], b: [1024, 1024] },
];
const REPEATS = 5;

await initBackend({ backend: "wasm", wasmThreads: 1 });

function gflops(shape: Shape, product: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): number {
  const a = tf.randomNormal(shape.a, 0, 1, "float32", 1);
  const b = tf.randomNormal(shape.b, 0, 1, "float32", 2);
  const out = product(a, b);
  const [m, n] = out.shape.slice(-2) as [number, number];
  const k = (shape.transposeA ? shape.a[shape.a.length - 2] : shape.a[shape.a.length - 1]) as number;
  const flop = 2 * (out.size / (m * n)) * m * n * k;
  out.dispose();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    const c = product(a, b);
    c.dataSync();
    best = Math.min(best, performance.now() - start);
    c.dispose();
  }
  a.dispose();
  b.dispose();
  return flop / best / 1e6;
}

// V8 first runs WebAssembly on its baseline compiler and swaps in optimised code once a function is hot:
// one untimed pass over every shape, so that no kernel is timed before it is optimised.
for (const shape of SHAPES) {
  gflops(shape, (a, b) => tf.matMul(a, b, shape.transposeA));
  gflops(shape, (a, b) => tf.fused.matMul({ a, b, transposeA: shape.transposeA }));
}

console.log("wasm, 1 thread; GFLOP/s, best of", REPEATS);
console.log(`${"product".padEnd(36)} ${"shape".padEnd(34)} ${"seedscope".padStart(9)} ${"tfjs".padStart(7)}  ratio`);
for (const shape of SHAPES) {
  const ours = gflops(shape, (a, b) => tf.matMul(a, b, shape.transposeA));
  const baseline = gflops(shape, (a, b) => tf.fused.matMul({ a, b, transposeA: shape.transposeA }));
  const dims = `[${shape.a.join("×")}]${shape.transposeA ? "ᵀ" : ""}·[${shape.b.join("×")}]`;
  console.log(
    `${shape.label.padEnd(36)} ${dims.padEnd(34)} ${ours.toFixed(1).padStart(9)} ${baseline.toFixed(1).padStart(7)}  ${(ours / baseline).toFixed(2)}×`,
  );
}
