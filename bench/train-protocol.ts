// What bench/train.ts asks of a bench/train-cell.ts child and what the child answers: a training cell
// (one architecture on one backend) or the backend's GEMM peak (large square matMuls).
import type { BackendName } from "@seedscope/engine";

export interface CellRequest {
  readonly kind: "train";
  readonly backend: BackendName;
  /** Threads of the wasm backend (default 1). */
  readonly wasmThreads?: number;
  readonly arch: string;
  readonly batch: number;
  readonly size: number;
  readonly warmup: number;
  readonly steps: number;
  /** Seconds for warm-up plus measured steps; at least one step always runs. */
  readonly budgetS: number;
  /**
   * Square sizes whose tf.matMul the cell times right after its steps, in the same process, for a GEMM peak taken
   * at the same moment as the cell (this machine's speed drifts by ±30 % within minutes); none when empty.
   */
  readonly cellPeakSizes: readonly number[];
}

export interface CellTimings {
  readonly threads: number;
  readonly simd: boolean;
  readonly params: number;
  /**
   * Forward multiply-accumulates per image, as the model reports them (`Model.flopsPerImage` counts one
   * multiply-add as one "FLOP", the papers' convention): a training step is ≈ 3 × 2 × this many FLOPs.
   */
  readonly forwardMacsPerImage: number;
  /** The batch the cell ran at: the requested one, or smaller where one step would not fit the budget. */
  readonly batch: number;
  readonly warmupSteps: number;
  readonly measuredSteps: number;
  /** True when the warm-up used up the budget, so the figures come from the warm-up steps. */
  readonly cold: boolean;
  /** Medians over the measured steps, in ms. step = variableGrads (forward + backward) + optimizer. */
  readonly stepMs: number;
  readonly forwardMs: number;
  readonly backwardMs: number;
  readonly optimizerMs: number;
  readonly imagesPerSecond: number;
  readonly tensorsMB: number;
  readonly wasmHeapMB: number | null;
  readonly maxRssMB: number;
  /** Best GFLOP/s of the cellPeakSizes matMuls, timed right after the steps in this process; null without sizes. */
  readonly cellPeakGflops: number | null;
}

export type CellResult =
  | ({ readonly ok: true; readonly backend: BackendName; readonly arch: string } & CellTimings)
  | {
      readonly ok: false;
      readonly backend: BackendName;
      readonly arch: string;
      readonly loaded: boolean;
      readonly error: string;
    };

/** The backend's GEMM peak: float32 n×n · n×n tf.matMul for each n, warm-up then timed repetitions. */
export interface GemmRequest {
  readonly kind: "gemm";
  readonly backend: BackendName;
  /** Threads of the wasm backend (default 1). */
  readonly wasmThreads?: number;
  readonly sizes: readonly number[];
  readonly warmup: number;
  /** Timed repetitions per size at most … */
  readonly reps: number;
  /** … and seconds per size (warm-up included); at least one timed repetition always runs. */
  readonly budgetS: number;
}

export interface GemmSize {
  readonly n: number;
  readonly reps: number;
  readonly bestMs: number;
  /** 2·n³ / best time. */
  readonly gflops: number;
}

export type GemmResult =
  | {
      readonly ok: true;
      readonly backend: BackendName;
      readonly threads: number;
      readonly simd: boolean;
      readonly sizes: readonly GemmSize[];
      /** The best of `sizes`. */
      readonly peakGflops: number;
    }
  | { readonly ok: false; readonly backend: BackendName; readonly loaded: boolean; readonly error: string };

export type ChildRequest = CellRequest | GemmRequest;

export const CELL_MARKER = "@@cell ";
export const GEMM_MARKER = "@@gemm ";

/** FLOPs of one training step per image: forward + backward (≈ 2 × forward) = 3 × forward, 2 FLOPs a MAC. */
export const trainFlopsPerImage = (forwardMacsPerImage: number): number => 3 * 2 * forwardMacsPerImage;
