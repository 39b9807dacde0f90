import { BatchMatMul, broadcast_util, getKernel, util } from "@tensorflow/tfjs-core";
import type { BatchMatMulAttrs, KernelConfig, KernelFunc, KernelSetupFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { asWasmBackend, release, reshapeView, runWasmKernel } from "./wasm-heap";

/*
 * Wraps the stock wasm BatchMatMul of tfjs 4.22, which is fast (XNNPACK) only without transpose
 * flags and with one shared batch. Measured on [1024, 64] × [64, 256]: plain 3.4 ms, transposeA
 * 105 ms, transposeB 42 ms; [64, 16, 64] × [64, 256] (a dense layer on tokens) 68 ms. So: transpose
 * operands explicitly (cheap), and fold a's batch into its rows when b is shared by the whole batch.
 */

let stock: { kernelFunc: KernelFunc; setupFunc?: KernelSetupFunc } | undefined;

const batchMatMulKernel: KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  if (stock === undefined) throw new Error("BatchMatMul (wasm): the stock kernel was not captured");
  const backend = asWasmBackend(untyped);
  const { transposeA, transposeB } = attrs as unknown as BatchMatMulAttrs;
  let a = inputs.a as TensorInfo;
  let b = inputs.b as TensorInfo;
  const temps: TensorInfo[] = [];
  if (transposeA) temps.push((a = transposeInner(backend, a)));
  if (transposeB) temps.push((b = transposeInner(backend, b)));
  const plain = { transposeA: false, transposeB: false };
  const aOuter = a.shape.slice(0, -2);
  const bOuter = b.shape.slice(0, -2);
  const aBatch = util.sizeFromShape(aOuter);
  let out: TensorInfo;
  if (aBatch > 1 && util.sizeFromShape(bOuter) === 1 && a.dtype === "float32") {
    const [m, k] = a.shape.slice(-2) as [number, number];
    const n = b.shape[b.shape.length - 1] as number;
    const a2 = reshapeView(backend, a, [1, aBatch * m, k]);
    const b2 = reshapeView(backend, b, [1, k, n]);
    out = stock.kernelFunc({ inputs: { a: a2, b: b2 }, backend, attrs: plain }) as TensorInfo;
    release(backend, a2);
    release(backend, b2);
    out.shape = [...broadcast_util.assertAndGetBroadcastShape(aOuter, bOuter), m, n];
  } else {
    out = stock.kernelFunc({ inputs: { a, b }, backend, attrs: plain }) as TensorInfo;
  }
  for (const t of temps) release(backend, t);
  return out;
};

/** x with its last two dimensions swapped, materialised. */
function transposeInner(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return runWasmKernel(backend, "Transpose", { x }, { perm });
}

/** The wrapper's config; captures the stock kernel (and its setup, which binds the wasm function) on first call. */
export function batchMatMulWasm(): KernelConfig {
  const current = getKernel(BatchMatMul, "wasm");
  if (stock === undefined && current !== undefined && current.kernelFunc !== batchMatMulKernel) {
    stock = { kernelFunc: current.kernelFunc, setupFunc: current.setupFunc };
  }
  return { kernelName: BatchMatMul, backendName: "wasm", kernelFunc: batchMatMulKernel, setupFunc: stock?.setupFunc };
}
