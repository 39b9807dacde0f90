import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { UserError } from "@seedscope/core";
import { plainBytes } from "./bytes";

/** An IDX array (the MNIST / Fashion-MNIST format): big-endian dimensions, then unsigned bytes. */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Readonly<Record<number, string>> = {
  8: "unsigned byte",
  9: "signed byte",
  11: "short",
  12: "int",
  13: "float",
  14: "double",
};

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Parses an IDX file of unsigned bytes, gunzipping it first when it is gzipped (told by its magic, not its name). */
export function parseIdx(raw: Uint8Array, file: string): IdxArray {
  let bytes = plainBytes(raw);
  if (isGzip(raw)) {
    try {
      bytes = plainBytes(gunzipSync(raw));
    } catch (cause) {
      throw new UserError(`${file}: gzip data is corrupt or truncated (${(cause as Error).message})`, { cause });
    }
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new UserError(`${file} is not an IDX file (it must start with two zero bytes, a type byte and a rank byte)`);
  }
  const type = bytes[2]!;
  if (type !== UNSIGNED_BYTE) {
    const name = TYPE_NAMES[type] ?? `unknown type 0x${type.toString(16)}`;
    throw new UserError(`${file}: IDX element type is ${name}; only unsigned bytes (0x08) are supported`);
  }
  const rank = bytes[3]!;
  const headerBytes = 4 + 4 * rank;
  if (rank === 0 || bytes.length < headerBytes) throw new UserError(`${file}: truncated IDX header (rank ${rank})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const expected = shape.reduce((a, b) => a * b, 1);
  const available = bytes.length - headerBytes;
  if (available !== expected) {
    throw new UserError(
      `${file}: IDX shape (${shape.join(", ")}) needs ${expected} data bytes, the file has ${available}` +
        (available < expected ? " (truncated download?)" : ""),
    );
  }
  return { shape, data: bytes.subarray(headerBytes) };
}

export function readIdxFile(path: string): IdxArray {
  return parseIdx(readFileSync(path), path);
}

/** Encodes unsigned bytes as an IDX file; for tests and small exports. */
export function encodeIdx(shape: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  out[2] = UNSIGNED_BYTE;
  out[3] = shape.length;
  const view = new DataView(out.buffer);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}
