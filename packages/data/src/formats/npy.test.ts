import { describe, expect, it } from "vitest";
import { encodeNpy, npyImages, npyLabels, parseNpy } from "./npy";
import { randomBytes } from "../testing/fixtures";

function int64Body(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

describe(".npy files", () => {
  it("round-trips uint8 images of shape (N, H, W, C)", () => {
    const body = randomBytes(3 * 32 * 32 * 3, 7);
    const file = encodeNpy("|u1", [3, 32, 32, 3], body);
    expect((10 + new DataView(file.buffer).getUint16(8, true)) % 64).toBe(0);
    const images = npyImages(parseNpy(file, "data.npy"), "data.npy");
    expect(images).toMatchObject({ count: 3, height: 32, width: 32, channels: 3 });
    expect(images.images).toEqual(body);
  });

  it("reads int64, int32 and uint8 label arrays", () => {
    expect([...npyLabels(parseNpy(encodeNpy("<i8", [4], int64Body([3, 0, 9, 1])), "l.npy"), "l.npy")]).toEqual([
      3, 0, 9, 1,
    ]);
    const i4 = new Uint8Array(new Int32Array([5, 6]).buffer);
    expect([...npyLabels(parseNpy(encodeNpy("<i4", [2], i4), "l.npy"), "l.npy")]).toEqual([5, 6]);
    expect([...npyLabels(parseNpy(encodeNpy("|u1", [3], new Uint8Array([2, 4, 8])), "l.npy"), "l.npy")]).toEqual([
      2, 4, 8,
    ]);
  });

  it("reads a version 2 header", () => {
    const v1 = encodeNpy("|u1", [2], new Uint8Array([1, 2]));
    const headerLength = new DataView(v1.buffer).getUint16(8, true);
    const v2 = new Uint8Array(v1.length + 2);
    v2.set(v1.subarray(0, 8));
    v2[6] = 2;
    new DataView(v2.buffer).setUint32(8, headerLength, true);
    v2.set(v1.subarray(10), 12);
    expect([...npyLabels(parseNpy(v2, "v2.npy"), "v2.npy")]).toEqual([1, 2]);
  });

  it("gives clear errors for bad files", () => {
    expect(() => parseNpy(new TextEncoder().encode("hello world!"), "a.npy")).toThrow(/a.npy is not a .npy file/);
    expect(() => parseNpy(encodeNpy(">i4", [1], new Uint8Array(4)), "b.npy")).toThrow(
      /b.npy: big-endian dtype >i4; convert with array.astype\('<i4'\)/,
    );
    expect(() => parseNpy(encodeNpy("<f4", [1], new Uint8Array(4)), "c.npy")).toThrow(
      /c.npy: dtype <f4 is not supported/,
    );
    const short = encodeNpy("|u1", [2, 2], new Uint8Array(4)).subarray(0, -1);
    expect(() => parseNpy(short, "d.npy")).toThrow("d.npy: shape (2, 2) of |u1 needs 4 data bytes, the file has 3");
    const fortran = new TextDecoder("latin1")
      .decode(encodeNpy("|u1", [1], new Uint8Array(1)))
      .replace("False", "True ");
    expect(() =>
      parseNpy(
        Uint8Array.from(fortran, (ch) => ch.charCodeAt(0)),
        "e.npy",
      ),
    ).toThrow(/e.npy: array is in Fortran order/);
    const labelsAsImages = parseNpy(encodeNpy("<i8", [2], int64Body([1, 2])), "f.npy");
    expect(() => npyImages(labelsAsImages, "f.npy")).toThrow("f.npy: images must be uint8 (|u1), found <i8");
    expect(() => npyLabels(parseNpy(encodeNpy("<i8", [1], int64Body([-1])), "g.npy"), "g.npy")).toThrow(
      /g.npy: label 0 is -1/,
    );
  });
});
