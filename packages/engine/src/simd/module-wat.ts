import { depthwiseFunctions } from "./depthwise-wat";
import { gemmFunctions } from "./gemm-wat";
import { layerNormFunctions } from "./layer-norm-wat";
import { normFunctions } from "./norm-wat";
import { unaryFunctions } from "./unary-wat";

/**
 * The text of seedscope's WebAssembly SIMD module: kernels that run in place on the wasm backend's heap,
 * which the module imports. `sharedMemory` for the multi-threaded build, whose memory is a shared one.
 */
export function simdModuleWat(sharedMemory: boolean): string {
  const memory = sharedMemory ? "(memory 1 65536 shared)" : "(memory 1)";
  return `(module
  (import "env" "memory" ${memory})
${gemmFunctions()}
${unaryFunctions()}
${normFunctions()}
${layerNormFunctions()}
${depthwiseFunctions()}
)
`;
}
