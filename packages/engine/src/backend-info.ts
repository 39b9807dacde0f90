import type { BackendName } from "./backend-names";

/** A backend that was tried and could not be used, with the reason. */
export interface BackendAttempt {
  readonly name: BackendName;
  readonly packageName: string;
  readonly reason: string;
}

/** What a run records about the backend it trained on. */
export interface BackendInfo {
  readonly name: BackendName;
  readonly packageName: string;
  /** The name tfjs knows the backend by (`tf.getBackend()`). */
  readonly tfjsName: string;
  readonly tfjsCoreVersion: string;
  /** Threads the backend computes with (1 for cpu; wasm's XNNPACK thread pool; the CPU count for native). */
  readonly threads: number;
  /** Whether the wasm backend runs its SIMD build (false for other backends). */
  readonly simd: boolean;
  readonly device: {
    readonly cpuModel: string;
    readonly cpuCount: number;
    /** `gpu` only for tfjs-node-gpu. */
    readonly accelerator: "cpu" | "gpu";
  };
  /** Backends tried before this one, in order, each with the reason it failed (empty for a forced choice that loaded). */
  readonly failed: readonly BackendAttempt[];
}
