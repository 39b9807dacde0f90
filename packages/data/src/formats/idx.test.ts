import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodeIdx, parseIdx } from "./idx";
import { randomBytes } from "../testing/fixtures";

describe("IDX files", () => {
  const images = randomBytes(4 * 6 * 5, 11);
  const file = encodeIdx([4, 6, 5], images);

  it("round-trips an unsigned byte array, plain or gzipped", () => {
    for (const bytes of [file, gzipSync(file)]) {
      const parsed = parseIdx(bytes, "images-idx3-ubyte");
      expect(parsed.shape).toEqual([4, 6, 5]);
      expect(parsed.data).toEqual(images);
    }
  });

  it("stores dimensions big-endian after the magic", () => {
    expect([...file.subarray(0, 8)]).toEqual([0, 0, 8, 3, 0, 0, 0, 4]);
  });

  it("gives clear errors for truncated, corrupt or foreign files", () => {
    expect(() => parseIdx(file.subarray(0, file.length - 10), "t.idx")).toThrow(
      "t.idx: IDX shape (4, 6, 5) needs 120 data bytes, the file has 110 (truncated download?)",
    );
    const gz = gzipSync(file);
    expect(() => parseIdx(gz.subarray(0, gz.length - 20), "t.gz")).toThrow(/t.gz: gzip data is corrupt or truncated/);
    const floats = file.slice();
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, "f.idx")).toThrow(
      "f.idx: IDX element type is float; only unsigned bytes (0x08) are supported",
    );
    expect(() => parseIdx(new Uint8Array([1, 2, 3, 4]), "x")).toThrow(/x is not an IDX file/);
  });
});
