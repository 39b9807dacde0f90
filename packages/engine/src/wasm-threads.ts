import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { dirname, join } from "node:path";
import { env } from "@tensorflow/tfjs-core";

/**
 * Lets @tensorflow/tfjs-backend-wasm's multi-threaded build (XNNPACK on a pthread pool) start in Node, where
 * its browser set-up fails in two ways:
 * - it hands its pthread workers a `blob:` URL, which Node's worker_threads refuse; the workers here are
 *   started from a file holding the same worker script, which loads the module's own script from disk;
 * - its thread pool takes half the logical cores (assuming two hardware threads per core) and ignores
 *   setThreadsCount, so on 2 cores it would run 1 thread; the core count it reads is doubled while it starts,
 *   which makes its pool `threads` wide.
 * The backend also reports no multithread support under Node (it probes browser APIs); the flag is set.
 * While it starts, the shared memory it creates is kept for {@link threadedWasmMemory}.
 * Returns the undo of the temporary patches, to call once the backend has started.
 */
let sharedHeap: WebAssembly.Memory | undefined;

/** The threaded build's heap (a shared WebAssembly.Memory it creates and never exposes), once it has started. */
export function threadedWasmMemory(): WebAssembly.Memory | undefined {
  return sharedHeap;
}

export function prepareWasmThreads(threads: number): () => void {
  const require = createRequire(import.meta.url);
  const wasmOut = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "..", "wasm-out");
  const { wasmWorkerContents } = require(join(wasmOut, "tfjs-backend-wasm-threaded-simd.worker.js")) as {
    wasmWorkerContents: string;
  };
  const mainScript = join(wasmOut, "tfjs-backend-wasm-threaded-simd.js");
  const dir = mkdtempSync(join(os.tmpdir(), "seedscope-wasm-threads-"));
  const workerFile = join(dir, "worker.js");
  // The worker turns the main script it is sent (a Blob) into a URL to import: here, the script on disk.
  // The backend escapes its worker source's newlines the same way before making a Blob of it.
  writeFileSync(
    workerFile,
    `URL.createObjectURL = () => ${JSON.stringify(mainScript)};\n${wasmWorkerContents.replace(/\n/g, "\\n")}`,
  );

  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob: Blob) => (blob.type === "application/javascript" ? workerFile : createObjectURL(blob));
  const cpus = os.cpus;
  os.cpus = () => {
    const real = cpus();
    return Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]!);
  };
  env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  // Kernels of our own that run on the heap (the small GEMM) need the Memory object, which Emscripten keeps private.
  const Memory = WebAssembly.Memory;
  WebAssembly.Memory = new Proxy(Memory, {
    construct(target, args: [WebAssembly.MemoryDescriptor]) {
      const memory = Reflect.construct(target, args) as WebAssembly.Memory;
      if (args[0]?.shared === true) sharedHeap = memory;
      return memory;
    },
  });
  return () => {
    WebAssembly.Memory = Memory;
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
    // Every worker has read its script by the time the backend is up.
    rmSync(dir, { recursive: true, force: true });
  };
}
