// What bench/train.ts asks of a bench/train-cell.ts child and what the child answers.
import type { BackendName } from "@seedscope/engine";

export interface CellRequest {
  readonly backend: BackendName;
  readonly arch: string;
  readonly batch: number;
  readonly size: number;
  readonly warmup: number;
  readonly steps: number;
  /** Seconds for warm-up plus measured steps; at least one step always runs. */
  readonly budgetS: number;
}

export interface CellTimings {
  readonly threads: number;
  readonly simd: boolean;
  readonly params: number;
  readonly flopsPerImage: number;
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

export const CELL_MARKER = "@@cell ";
