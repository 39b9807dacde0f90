import { describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { Resampler } from "../resample";
import { centerCrop, randomResizedCrop, reflectIndex, sampleResizedCropBox, simpleRandomCrop } from "./crop";
import type { SourceImage } from "./crop";
import { Scratch } from "./image";
import type { FloatImage } from "./image";

/** A 4×4 grey image holding 0..15 row by row. */
const RAMP: SourceImage = { data: Uint8Array.from({ length: 16 }, (_, i) => i), height: 4, width: 4, channels: 1 };
const bytes = (img: FloatImage) => [...img.data].map((v) => Math.round(v * 255));
const work = (side: number, channels = 1): FloatImage => ({
  data: new Float32Array(side * side * channels),
  height: side,
  width: side,
  channels,
});

describe("reflect padding", () => {
  it("mirrors without repeating the edge pixel", () => {
    expect([-2, -1, 0, 3, 4, 5].map((i) => reflectIndex(i, 4))).toEqual([2, 1, 0, 3, 2, 1]);
    expect(reflectIndex(-3, 1)).toBe(0);
  });
});

describe("Simple Random Crop", () => {
  it("crops the reflect-padded image at the returned offset", () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const out = work(4);
      const at = simpleRandomCrop(RAMP, out, SeededRandom.fromSeed(seed, "t"), new Resampler(), new Scratch(), 1);
      expect(at.x).toBeGreaterThanOrEqual(0);
      expect(at.x).toBeLessThanOrEqual(2);
      expect(at.y).toBeGreaterThanOrEqual(0);
      expect(at.y).toBeLessThanOrEqual(2);
      seen.add(`${at.x},${at.y}`);
      const expected: number[] = [];
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 4; x++) expected.push(reflectIndex(y + at.y - 1, 4) * 4 + reflectIndex(x + at.x - 1, 4));
      expect(bytes(out)).toEqual(expected);
      if (at.x === 0 && at.y === 0) {
        // Hand-checked: the padded ramp's top-left 4×4 starts with the mirrored row 1.
        expect(bytes(out)).toEqual([5, 4, 5, 6, 1, 0, 1, 2, 5, 4, 5, 6, 9, 8, 9, 10]);
      }
    }
    expect(seen.size).toBe(9); // every offset of the 3×3 range occurs
  });

  it("resizes the short side first, keeping the long axis", () => {
    // 2×4 source (rows 0..3, 4..7) → short side 4: a 4×8 image; with no padding the crop slides along x only.
    const wide: SourceImage = {
      data: Uint8Array.from({ length: 8 }, (_, i) => i * 10),
      height: 2,
      width: 4,
      channels: 1,
    };
    const xs = new Set<number>();
    for (let seed = 0; seed < 40; seed++) {
      const at = simpleRandomCrop(wide, work(4), SeededRandom.fromSeed(seed, "t"), new Resampler(), new Scratch(), 0);
      expect(at.y).toBe(0);
      xs.add(at.x);
    }
    expect([...xs].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("Random Resized Crop", () => {
  it("samples boxes inside the image with area and ratio in range", () => {
    const random = SeededRandom.fromSeed(3, "t");
    for (let i = 0; i < 200; i++) {
      const box = sampleResizedCropBox(random, 32, 48, [0.08, 1], [3 / 4, 4 / 3]);
      expect(box.x + box.width).toBeLessThanOrEqual(48);
      expect(box.y + box.height).toBeLessThanOrEqual(32);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeGreaterThanOrEqual(0);
      const area = (box.width * box.height) / (32 * 48);
      expect(area).toBeGreaterThan(0.05);
      expect(box.width / box.height).toBeGreaterThan(0.6);
      expect(box.width / box.height).toBeLessThan(1.6);
    }
  });

  it("falls back to the centred crop with the ratio clamped", () => {
    // A 10×40 strip cannot hold a 3/4..4/3 box of the whole area: the fallback is 10×13 in the centre.
    const box = sampleResizedCropBox(SeededRandom.fromSeed(0, "t"), 10, 40, [1, 1], [3 / 4, 4 / 3]);
    expect(box).toEqual({ x: 13, y: 0, width: 13, height: 10 });
  });

  it("with scale 1 and ratio 1 on a square image, is a plain resize (2×2 block means)", () => {
    const out = work(2);
    const box = randomResizedCrop(RAMP, out, SeededRandom.fromSeed(0, "t"), new Resampler(), [1, 1], [1, 1]);
    expect(box).toEqual({ x: 0, y: 0, width: 4, height: 4 });
    [2.5, 4.5, 10.5, 12.5].forEach((mean, i) => expect(out.data[i]! * 255).toBeCloseTo(mean, 4));
  });
});

describe("centre crop (evaluation view)", () => {
  it("copies at ratio 1 and drops the border below 1", () => {
    const same = work(4);
    centerCrop(RAMP, same, new Resampler(), 1);
    expect(bytes(same)).toEqual([...RAMP.data]);
    // Short side to 2 / 0.5 = 4, centred 2×2 kept: the middle pixels 5, 6, 9, 10.
    const inner = work(2);
    centerCrop(RAMP, inner, new Resampler(), 0.5);
    expect(bytes(inner)).toEqual([5, 6, 9, 10]);
  });
});
