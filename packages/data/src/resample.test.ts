import { describe, expect, it } from "vitest";
import { Resampler, centerCropBox, resizeImagesU8 } from "./resample";
import { maxAbsDiff, randomBytes } from "./testing/fixtures";

describe("Resampler", () => {
  it("copies exactly at equal size", () => {
    const src = randomBytes(7 * 5 * 3, 1);
    const out = new Float32Array(src.length);
    new Resampler().resize(src, 7, 5, 3, { x: 0, y: 0, width: 5, height: 7 }, out, 0, 7, 5);
    expect(maxAbsDiff(out, src)).toBe(0);
  });

  it("averages 2×2 blocks when halving", () => {
    const src = randomBytes(8 * 8, 2);
    const out = new Float32Array(16);
    new Resampler().resize(src, 8, 8, 1, { x: 0, y: 0, width: 8, height: 8 }, out, 0, 4, 4);
    for (let y = 0; y < 4; y++) {
      for (let x = 0; x < 4; x++) {
        const at = (dy: number, dx: number) => src[(2 * y + dy) * 8 + 2 * x + dx]!;
        expect(out[y * 4 + x]).toBeCloseTo((at(0, 0) + at(0, 1) + at(1, 0) + at(1, 1)) / 4, 4);
      }
    }
  });

  it("keeps a constant image constant at any size and crop, scaled by `scale`", () => {
    const src = new Uint8Array(28 * 28).fill(200);
    const out = new Float32Array(9 * 13);
    new Resampler().resize(src, 28, 28, 1, { x: 3.3, y: 1.7, width: 17.2, height: 20 }, out, 0, 9, 13, 1 / 255);
    for (const v of out) expect(v).toBeCloseTo(200 / 255, 5);
  });

  it("writes at the offset only", () => {
    const out = new Float32Array(8).fill(-1);
    new Resampler().resize(
      new Uint8Array([10, 20, 30, 40]),
      2,
      2,
      1,
      { x: 0, y: 0, width: 2, height: 2 },
      out,
      4,
      2,
      2,
    );
    expect([...out]).toEqual([-1, -1, -1, -1, 10, 20, 30, 40]);
  });
});

describe("centerCropBox", () => {
  it("selects the centred square of the short side (crop ratio 1)", () => {
    expect(centerCropBox(20, 40, 10, 10, 10)).toEqual({ x: 10, y: 0, width: 20, height: 20 });
  });
  it("drops the border for a crop ratio below 1", () => {
    // short side resized to 32 / 0.8 = 40, centred 32 kept: 4 px border in resized units = 2 px here.
    const box = centerCropBox(20, 20, 40, 32, 32);
    expect(box.x).toBeCloseTo(2);
    expect(box.width).toBeCloseTo(16);
  });
});

describe("resizeImagesU8", () => {
  it("resizes every image of a set", () => {
    const images = new Uint8Array(2 * 4 * 4);
    images.fill(10, 0, 16);
    images.fill(250, 16);
    const out = resizeImagesU8(images, 2, 4, 4, 1, 2, 2);
    expect([...out]).toEqual([10, 10, 10, 10, 250, 250, 250, 250]);
  });
});
