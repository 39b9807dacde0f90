import { util } from "@tensorflow/tfjs-core";
import type { TensorInfo } from "@tensorflow/tfjs-core";

/** A fused normalisation kernel's operands besides x: of x's shape, one value per row, one value per channel. */
export interface NormOperands {
  readonly full?: Readonly<Record<string, TensorInfo>>;
  readonly perRow?: Readonly<Record<string, TensorInfo>>;
  readonly perChannel?: Readonly<Record<string, TensorInfo>>;
}

/**
 * x's channels (its last axis) and rows (everything before), after checking that x has both, that every operand
 * is float32, and that each holds what its group says; the errors name the kernel and the operand.
 */
export function normLayout(
  kernelName: string,
  x: TensorInfo,
  operands: NormOperands,
): { channels: number; rows: number } {
  if (x.shape.length < 2) {
    throw new Error(`${kernelName}: x must have a channel axis and at least one more, got [${x.shape}]`);
  }
  const channels = x.shape[x.shape.length - 1] ?? 0;
  const rows = channels === 0 ? 0 : util.sizeFromShape(x.shape) / channels;
  const groups = [
    [{ x, ...operands.full }, undefined, ""],
    [operands.perRow, rows, "row"],
    [operands.perChannel, channels, "channel"],
  ] as const;
  for (const [group, size, per] of groups) {
    for (const [name, t] of Object.entries(group ?? {})) {
      if (t.dtype !== "float32") throw new Error(`${kernelName}: ${name} must be float32, got ${t.dtype}`);
      if (size === undefined && !util.arraysEqual(t.shape, x.shape)) {
        throw new Error(`${kernelName}: ${name} [${t.shape}] and x [${x.shape}] differ`);
      }
      if (size !== undefined && util.sizeFromShape(t.shape) !== size) {
        throw new Error(`${kernelName}: ${name} [${t.shape}] must hold one value per ${per} (${size})`);
      }
    }
  }
  return { channels, rows };
}
