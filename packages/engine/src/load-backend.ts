import { cpus } from "node:os";
import { backend, engine, env, getBackend, setBackend } from "@tensorflow/tfjs-core";
import { BACKEND_PACKAGES } from "./backend-names";
import type { BackendName } from "./backend-names";
import { nativeImport } from "./native-import";
import { wasmBinaryFolder } from "./wasm-paths";
import { prepareWasmThreads } from "./wasm-threads";

/** What a loaded backend reports about itself. */
export interface LoadedBackend {
  readonly threads: number;
  readonly simd: boolean;
}

/** A backend that could not be loaded; `reason` completes "backend 'x' (package) …". */
export class BackendLoadError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = "BackendLoadError";
  }
}

/**
 * Loads the backend's package, makes it tfjs's active backend, and reports threads and SIMD. `wasmThreads`
 * above 1 starts the wasm backend's multi-threaded build with that many threads.
 */
export async function loadBackend(name: BackendName, wasmThreads = 1): Promise<LoadedBackend> {
  switch (name) {
    case "tensorflow-gpu":
    case "tensorflow":
      await importNative(BACKEND_PACKAGES[name].packageName);
      await activate("tensorflow");
      return { threads: cpus().length, simd: false };
    case "wasm":
      return loadWasm(wasmThreads);
    case "cpu":
      await import("@tensorflow/tfjs-backend-cpu");
      await activate("cpu");
      return { threads: 1, simd: false };
  }
}

async function importNative(packageName: string): Promise<void> {
  try {
    // Node's own import: the package is optional, and bundlers must not try to resolve it.
    await nativeImport(packageName);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    if (code === "ERR_MODULE_NOT_FOUND" && message?.includes(packageName)) {
      throw new BackendLoadError("is not installed", { cause: error });
    }
    throw new BackendLoadError(`is installed but failed to load (its native library may be missing): ${message}`, {
      cause: error,
    });
  }
}

async function loadWasm(threads: number): Promise<LoadedBackend> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  let folder: string;
  try {
    folder = wasmBinaryFolder();
  } catch (error) {
    throw new BackendLoadError(`has no binaries in node_modules: ${(error as Error).message}`, { cause: error });
  }
  try {
    wasm.setWasmPaths(folder);
  } catch {
    // Already initialised earlier in this process (setWasmPaths refuses then): the paths are set.
  }
  // The backend starts once per process: later calls (the next run of a worker) find it running.
  // (tfjs' findBackend would start it, so the engine's registry of started backends is read instead.)
  const starting = !("wasm" in engine().registry);
  const restore = starting && threads > 1 ? prepareWasmThreads(threads) : undefined;
  if (restore) wasm.setThreadsCount(threads);
  try {
    await activate("wasm");
  } finally {
    restore?.();
  }
  if (restore) unrefWasmWorkers();
  const simd = (await env().getAsync("WASM_HAS_SIMD_SUPPORT")) === true;
  return { threads: wasm.getThreadsCount(), simd };
}

/**
 * Lets the process exit while the wasm backend's pthread workers idle (this Emscripten build does not unref
 * them in Node, so a finished command would hang).
 */
function unrefWasmWorkers(): void {
  const pthreads = (
    backend() as unknown as { wasm?: { PThread?: { unusedWorkers?: unknown[]; runningWorkers?: unknown[] } } }
  ).wasm?.PThread;
  for (const worker of [...(pthreads?.unusedWorkers ?? []), ...(pthreads?.runningWorkers ?? [])]) {
    (worker as { unref?: () => void }).unref?.();
  }
}

/** `tf.setBackend`, turning its `false` + console warning into an error that carries the warning. */
async function activate(tfjsName: string): Promise<void> {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(" "));
  let ok: boolean;
  try {
    ok = await setBackend(tfjsName);
  } catch (error) {
    throw new BackendLoadError(`failed to initialise: ${(error as Error).message}`, { cause: error });
  } finally {
    console.warn = warn;
  }
  if (!ok || getBackend() !== tfjsName) {
    const detail = warnings
      .map((w) => w.split("\n")[0])
      .filter((w) => w.length > 0)
      .join("; ");
    throw new BackendLoadError(`failed to initialise${detail ? `: ${detail}` : ""}`);
  }
}
