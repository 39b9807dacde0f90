import { UserError } from "@seedscope/core";

export type CifarVariant = "cifar10" | "cifar100";

export const CIFAR_SIDE = 32;
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
const PIXELS = 3 * PLANE;

/** Bytes before the pixels of a record: the label (CIFAR-10) or the coarse then the fine label (CIFAR-100). */
function labelBytes(variant: CifarVariant): number {
  return variant === "cifar10" ? 1 : 2;
}

export function cifarRecordBytes(variant: CifarVariant): number {
  return labelBytes(variant) + PIXELS;
}

export interface CifarBatch {
  readonly count: number;
  /** 32×32×3 HWC per image. */
  readonly images: Uint8Array;
  /** The class (CIFAR-10) or the fine class (CIFAR-100). */
  readonly labels: Int32Array;
  /** CIFAR-100 only: the 20 super-classes. */
  readonly coarseLabels: Int32Array | null;
}

/**
 * Parses a binary batch of the "binary version" of CIFAR: fixed-size records, each the label byte(s)
 * followed by 1024 red, 1024 green and 1024 blue bytes (planar CHW), converted here to HWC.
 */
export function parseCifarBatch(bytes: Uint8Array, variant: CifarVariant, file: string): CifarBatch {
  const record = cifarRecordBytes(variant);
  const title = variant === "cifar10" ? "CIFAR-10" : "CIFAR-100";
  if (bytes.length === 0) throw new UserError(`${file} is empty; expected ${title} records of ${record} bytes`);
  const leftOver = bytes.length % record;
  if (leftOver !== 0) {
    throw new UserError(
      `${file} has ${leftOver} bytes left over; ${title} records are ${record} bytes ` +
        `(is the file truncated, or is it a batch of the other CIFAR variant?)`,
    );
  }
  const count = bytes.length / record;
  const images = new Uint8Array(count * PIXELS);
  const labels = new Int32Array(count);
  const coarseLabels = variant === "cifar100" ? new Int32Array(count) : null;
  const fineLimit = variant === "cifar10" ? 10 : 100;
  for (let i = 0; i < count; i++) {
    const at = i * record;
    const fine = bytes[at + labelBytes(variant) - 1]!;
    if (fine >= fineLimit) {
      throw new UserError(`${file}: record ${i} has label ${fine}, but ${title} has ${fineLimit} classes`);
    }
    labels[i] = fine;
    if (coarseLabels) {
      const coarse = bytes[at]!;
      if (coarse >= 20) throw new UserError(`${file}: record ${i} has coarse label ${coarse}, but CIFAR-100 has 20`);
      coarseLabels[i] = coarse;
    }
    const pixels = at + labelBytes(variant);
    const out = i * PIXELS;
    for (let p = 0; p < PLANE; p++) {
      images[out + 3 * p] = bytes[pixels + p]!;
      images[out + 3 * p + 1] = bytes[pixels + PLANE + p]!;
      images[out + 3 * p + 2] = bytes[pixels + 2 * PLANE + p]!;
    }
  }
  return { count, images, labels, coarseLabels };
}

/** Writes images (HWC) and labels back into the binary record layout; for tests and small exports. */
export function encodeCifarBatch(
  images: Uint8Array,
  labels: ArrayLike<number>,
  variant: CifarVariant,
  coarseLabels?: ArrayLike<number>,
): Uint8Array {
  const record = cifarRecordBytes(variant);
  const out = new Uint8Array(labels.length * record);
  for (let i = 0; i < labels.length; i++) {
    const at = i * record;
    if (variant === "cifar100") {
      out[at] = coarseLabels?.[i] ?? 0;
      out[at + 1] = labels[i]!;
    } else {
      out[at] = labels[i]!;
    }
    const pixels = at + labelBytes(variant);
    for (let p = 0; p < PLANE; p++) {
      for (let ch = 0; ch < 3; ch++) out[pixels + ch * PLANE + p] = images[i * PIXELS + 3 * p + ch]!;
    }
  }
  return out;
}
