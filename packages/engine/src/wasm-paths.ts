import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const WASM_BINARIES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"] as const;

/**
 * The folder of @tensorflow/tfjs-backend-wasm's .wasm binaries in node_modules, with a trailing
 * slash (the form `setWasmPaths` expects), so that the backend loads from disk and never fetches.
 * Throws with the path looked at if a binary is missing.
 */
export function wasmBinaryFolder(): string {
  const require = createRequire(import.meta.url);
  const folder = dirname(require.resolve("@tensorflow/tfjs-backend-wasm"));
  for (const name of WASM_BINARIES) {
    const file = join(folder, name);
    if (!existsSync(file)) throw new Error(`${file} is missing`);
  }
  return `${folder}/`;
}
