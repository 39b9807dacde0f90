import { backend, getBackend, memory } from "@tensorflow/tfjs-core";

const MB = 1024 * 1024;

/** Peak memory in MB (mebibytes) since the tracker started or was reset. */
export interface PeakMemory {
  /** High-water mark of the bytes held by tfjs tensors (`tf.memory().numBytes`). */
  readonly tensorsMB: number;
  /** Size of the wasm backend's heap (it only grows); null when wasm was never active while sampling. */
  readonly wasmHeapMB: number | null;
  /**
   * High-water mark of the process's resident set size: the kernel's, so it sees peaks between samples, and
   * kept since the process started (`reset()` cannot clear it).
   */
  readonly rssMB: number;
}

/**
 * Samples memory high-water marks. `sample()` is cheap (three counters, no allocation): call it
 * once per training step.
 */
export class MemoryTracker {
  private tensorBytes = 0;
  private heapBytes = -1;
  private rssBytes = 0;

  constructor() {
    this.sample();
  }

  sample(): void {
    const tensors = memory().numBytes;
    if (tensors > this.tensorBytes) this.tensorBytes = tensors;
    const heap = wasmHeapBytes();
    if (heap > this.heapBytes) this.heapBytes = heap;
    const rss = process.resourceUsage().maxRSS * 1024; // the kernel's high-water mark, ≥ the current RSS
    if (rss > this.rssBytes) this.rssBytes = rss;
  }

  peak(): PeakMemory {
    return {
      tensorsMB: this.tensorBytes / MB,
      wasmHeapMB: this.heapBytes < 0 ? null : this.heapBytes / MB,
      rssMB: this.rssBytes / MB,
    };
  }

  reset(): void {
    this.tensorBytes = 0;
    this.heapBytes = -1;
    this.rssBytes = 0;
    this.sample();
  }
}

/** Bytes of the wasm heap, or -1 if the active backend is not wasm. */
function wasmHeapBytes(): number {
  if (getBackend() !== "wasm") return -1;
  const heap = (backend() as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8;
  return heap === undefined ? -1 : heap.buffer.byteLength;
}
