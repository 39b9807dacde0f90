import { UserError } from "@seedscope/core";
import { plainBytes } from "./bytes";

/** Element types we read: unsigned/signed integers of 1, 2, 4 or 8 bytes, little-endian. */
const ELEMENT_BYTES: Readonly<Record<string, number>> = { u1: 1, i1: 1, u2: 2, i2: 2, u4: 4, i4: 4, u8: 8, i8: 8 };

export interface NpyArray {
  /** The dtype as written in the header, e.g. `|u1` or `<i8`. */
  readonly descr: string;
  readonly shape: readonly number[];
  /** The element bytes, C order, not yet converted. */
  readonly body: Uint8Array;
  readonly elementBytes: number;
  readonly signed: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function headerField(header: string, key: string, file: string): string {
  const match = new RegExp(`['"]${key}['"]\\s*:\\s*`).exec(header);
  if (!match) throw new UserError(`${file}: the .npy header has no '${key}' field (header: ${header.trim()})`);
  return header.slice(match.index + match[0].length);
}

/** Parses a NumPy `.npy` file (format versions 1, 2 and 3) holding a C-ordered integer array. */
export function parseNpy(raw: Uint8Array, file: string): NpyArray {
  const bytes = plainBytes(raw);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new UserError(`${file} is not a .npy file (it does not start with \\x93NUMPY); save arrays with numpy.save`);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new UserError(`${file}: truncated .npy header`);
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new UserError(`${file}: .npy format version ${major} is not supported (versions 1 to 3 are)`);
  }
  const bodyStart = headerStart + headerLength;
  if (bodyStart > bytes.length) throw new UserError(`${file}: truncated .npy header`);
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(headerStart, bodyStart));

  const descrMatch = /^['"]([<>|=])([a-z])(\d+)['"]/.exec(headerField(header, "descr", file));
  if (!descrMatch) throw new UserError(`${file}: cannot read the dtype in the .npy header (${header.trim()})`);
  const [, order, kind, size] = descrMatch as unknown as [string, string, string, string];
  const descr = `${order}${kind}${size}`;
  const elementBytes = ELEMENT_BYTES[`${kind}${size}`];
  if (elementBytes === undefined) {
    throw new UserError(`${file}: dtype ${descr} is not supported; store images as uint8 and labels as integers`);
  }
  if (order === ">" && elementBytes > 1) {
    throw new UserError(`${file}: big-endian dtype ${descr}; convert with array.astype('<${kind}${size}')`);
  }
  if (/^True/.test(headerField(header, "fortran_order", file))) {
    throw new UserError(`${file}: array is in Fortran order; save numpy.ascontiguousarray(array) instead`);
  }
  const shapeMatch = /^\(([^)]*)\)/.exec(headerField(header, "shape", file));
  if (!shapeMatch) throw new UserError(`${file}: cannot read the shape in the .npy header (${header.trim()})`);
  const shape = shapeMatch[1]!
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new UserError(`${file}: bad shape in .npy header`);
  const elements = shape.reduce((a, b) => a * b, 1);
  const expected = elements * elementBytes;
  const available = bytes.length - bodyStart;
  if (available !== expected) {
    throw new UserError(
      `${file}: shape (${shape.join(", ")}) of ${descr} needs ${expected} data bytes, the file has ${available}`,
    );
  }
  return { descr, shape, body: bytes.subarray(bodyStart), elementBytes, signed: kind === "i" };
}

/** The array as uint8 images N×H×W×C (a 3-D N×H×W array gets C = 1). */
export function npyImages(
  array: NpyArray,
  file: string,
): { images: Uint8Array; count: number; height: number; width: number; channels: number } {
  if (array.elementBytes !== 1 || array.signed) {
    throw new UserError(`${file}: images must be uint8 (|u1), found ${array.descr}`);
  }
  const [count, height, width, channels = 1] = array.shape;
  if (
    (array.shape.length !== 3 && array.shape.length !== 4) ||
    count === undefined ||
    height === undefined ||
    width === undefined
  ) {
    throw new UserError(`${file}: images must have shape (N, H, W, C) or (N, H, W), found (${array.shape.join(", ")})`);
  }
  return { images: array.body.slice(), count, height, width, channels };
}

/** The array as class indices: a 1-D integer array (N,) or a column (N, 1). */
export function npyLabels(array: NpyArray, file: string): Int32Array {
  const n = array.shape[0];
  if (n === undefined || array.shape.length > 2 || (array.shape.length === 2 && array.shape[1] !== 1)) {
    throw new UserError(`${file}: labels must have shape (N,), found (${array.shape.join(", ")})`);
  }
  const view = new DataView(array.body.buffer, array.body.byteOffset, array.body.byteLength);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = i * array.elementBytes;
    let v: number;
    switch (array.elementBytes) {
      case 1:
        v = array.signed ? view.getInt8(at) : view.getUint8(at);
        break;
      case 2:
        v = array.signed ? view.getInt16(at, true) : view.getUint16(at, true);
        break;
      case 4:
        v = array.signed ? view.getInt32(at, true) : view.getUint32(at, true);
        break;
      default:
        v = Number(array.signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true));
    }
    if (v < 0 || v > 0x7fffffff) throw new UserError(`${file}: label ${i} is ${v}, not a class index`);
    labels[i] = v;
  }
  return labels;
}

/** Writes a version-1 `.npy` file body for a C-ordered array; for tests and small exports. */
export function encodeNpy(descr: string, shape: readonly number[], body: Uint8Array): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // The header is padded with spaces so that the data starts on a 64-byte boundary, ending in \n.
  const unpadded = 10 + header.length + 1;
  header += `${" ".repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + body.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(body, 10 + header.length);
  return out;
}
