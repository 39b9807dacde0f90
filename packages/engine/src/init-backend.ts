import { cpus } from "node:os";
import { UserError } from "@seedscope/core";
import { version_core } from "@tensorflow/tfjs-core";
import type { BackendAttempt, BackendInfo } from "./backend-info";
import { BACKEND_NAMES, BACKEND_PACKAGES, isBackendName } from "./backend-names";
import type { BackendName } from "./backend-names";
import { installFrugalBackprop } from "./gradients/frugal-backprop";
import { registerGradients } from "./gradients/register-gradients";
import { registerWasmKernels } from "./kernels/register-wasm-kernels";
import { BackendLoadError, loadBackend } from "./load-backend";

export interface InitBackendOptions {
  /** Load exactly this backend or fail; by default the first of {@link BACKEND_NAMES} that loads. */
  readonly backend?: BackendName;
  /**
   * Threads of the wasm backend (XNNPACK's pool; default 1). Results do not depend on it: each output of a
   * kernel is computed by one thread in the same order whatever the pool's width (checked in tests).
   */
  readonly wasmThreads?: number;
}

const HINTS: Readonly<Record<BackendName, string>> = {
  "tensorflow-gpu": "install it on a machine with CUDA that can download libtensorflow, or pass --backend wasm",
  tensorflow: "install it on a machine that can download libtensorflow, or pass --backend wasm",
  wasm: "reinstall @tensorflow/tfjs-backend-wasm, or pass --backend cpu",
  cpu: "reinstall @tensorflow/tfjs-backend-cpu",
};

/**
 * Chooses and activates the TensorFlow.js backend, registers the gradients and wasm kernels that
 * training needs, and describes the result. A forced backend that cannot load is a {@link UserError}.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const forced = options.backend;
  if (forced !== undefined && !isBackendName(forced)) {
    throw new UserError(`unknown backend '${String(forced)}': choose one of ${BACKEND_NAMES.join(", ")}`);
  }
  await registerGradients();
  installFrugalBackprop();
  registerWasmKernels();
  const candidates: readonly BackendName[] = forced === undefined ? BACKEND_NAMES : [forced];
  const failed: BackendAttempt[] = [];
  for (const name of candidates) {
    const { packageName, tfjsName } = BACKEND_PACKAGES[name];
    try {
      const loaded = await loadBackend(name, options.wasmThreads ?? 1);
      return {
        name,
        packageName,
        tfjsName,
        tfjsCoreVersion: version_core,
        threads: loaded.threads,
        simd: loaded.simd,
        device: {
          cpuModel: cpus()[0]?.model.trim() ?? "unknown",
          cpuCount: cpus().length,
          accelerator: name === "tensorflow-gpu" ? "gpu" : "cpu",
        },
        failed,
      };
    } catch (error) {
      const reason = error instanceof BackendLoadError ? error.reason : `failed to load: ${(error as Error).message}`;
      failed.push({ name, packageName, reason });
      if (forced !== undefined) {
        throw new UserError(`backend '${name}' (${packageName}) ${reason} — ${HINTS[name]}`, { cause: error });
      }
    }
  }
  const lines = failed.map((f) => `  ${f.name} (${f.packageName}): ${f.reason}`);
  throw new UserError(`no TensorFlow.js backend could be loaded:\n${lines.join("\n")}`);
}
