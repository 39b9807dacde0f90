import { describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { copyImage, maxAbsDiff, randomImage } from "../testing/fixtures";
import { rotation, translation, warpAffine } from "./affine";
import { colorJitter } from "./color-jitter";
import { Scratch } from "./image";
import { gaussianBlur, grayscale, solarize } from "./pixel-ops";
import { RAND_AUGMENT_OPS, applyRandAugmentOp, randAugment } from "./rand-augment";
import { randomErasing } from "./random-erasing";
import { threeAugment } from "./three-augment";

const options = { blurSigma: [0.1, 2] as const, solarizeThreshold: 0.5 };

describe("3-Augment", () => {
  it("applies exactly one of grayscale, solarize, blur per image, each about a third of the time", () => {
    const random = SeededRandom.fromSeed(4, "t");
    const counts = { grayscale: 0, solarize: 0, blur: 0 };
    for (let i = 0; i < 300; i++) {
      const img = randomImage(6, 6, 3, i);
      const before = copyImage(img);
      const choice = threeAugment(img, random, new Scratch(), options);
      counts[choice] += 1;
      if (choice === "grayscale") {
        grayscale(before);
        expect(maxAbsDiff(img.data, before.data)).toBe(0);
      } else if (choice === "solarize") {
        solarize(before, 0.5);
        expect(maxAbsDiff(img.data, before.data)).toBe(0);
      } else {
        // A blur is a convex combination of pixels (σ near 0.1 leaves the image nearly as it was).
        const lo = Math.min(...before.data);
        const hi = Math.max(...before.data);
        for (const v of img.data) expect(v >= lo - 1e-6 && v <= hi + 1e-6).toBe(true);
      }
    }
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(75);
  });

  it("draws the blur σ from the configured range (same draws, same image)", () => {
    const img = randomImage(8, 8, 1, 1);
    for (let seed = 0; seed < 30; seed++) {
      const a = copyImage(img);
      const random = SeededRandom.fromSeed(seed, "t");
      if (threeAugment(a, random, new Scratch(), { blurSigma: [0.7, 0.7], solarizeThreshold: 0.5 }) !== "blur")
        continue;
      const b = copyImage(img);
      gaussianBlur(b, 0.7, new Scratch());
      expect(maxAbsDiff(a.data, b.data)).toBe(0);
      return;
    }
    throw new Error("no seed chose blur");
  });
});

describe("colour jitter", () => {
  it("is a no-op at strength 0 and keeps values in [0, 1] otherwise", () => {
    const img = randomImage(5, 5, 3, 2);
    const before = copyImage(img);
    colorJitter(img, 0, SeededRandom.fromSeed(0, "t"));
    expect(maxAbsDiff(img.data, before.data)).toBe(0);
    colorJitter(img, 0.3, SeededRandom.fromSeed(0, "t"));
    expect(maxAbsDiff(img.data, before.data)).toBeGreaterThan(0);
    for (const v of img.data) expect(v >= 0 && v <= 1).toBe(true);
  });

  it("scales a mid-grey image's brightness by at most 1 ± s", () => {
    for (let seed = 0; seed < 20; seed++) {
      const img = { data: new Float32Array(4).fill(0.5), height: 2, width: 2, channels: 1 };
      colorJitter(img, 0.3, SeededRandom.fromSeed(seed, "t"));
      // Contrast on a flat image changes nothing; brightness multiplies by a factor in [0.7, 1.3].
      expect(img.data[0]).toBeGreaterThanOrEqual(0.35 - 1e-6);
      expect(img.data[0]).toBeLessThanOrEqual(0.65 + 1e-6);
      expect(new Set(img.data).size).toBe(1);
    }
  });
});

describe("geometric warps", () => {
  it("translates by whole pixels, filling from outside", () => {
    const img = { data: Float32Array.from([0.1, 0.2, 0.3]), height: 1, width: 3, channels: 1 };
    warpAffine(img, translation(1, 0), [0.9], new Scratch());
    expect([...img.data].map((v) => Number(v.toFixed(5)))).toEqual([0.9, 0.1, 0.2]);
  });

  it("rotates a 3×3 image by 90° exactly", () => {
    const img = { data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), height: 3, width: 3, channels: 1 };
    warpAffine(img, rotation(90), [0], new Scratch());
    const out = [...img.data].map((v) => Number(v.toFixed(4)));
    expect(out[4]).toBe(5);
    expect([[3, 6, 9, 2, 5, 8, 1, 4, 7].join(), [7, 4, 1, 8, 5, 2, 9, 6, 3].join()]).toContain(out.join());
  });
});

describe("RandAugment", () => {
  it("is reproducible from the seed and applies n ops at most", () => {
    const config = { n: 2, m: 9, mstd: 0.5, prob: 0.5 };
    const img = randomImage(8, 8, 3, 3);
    const run = (seed: number) => {
      const a = copyImage(img);
      const ops = randAugment(a, config, {
        random: SeededRandom.fromSeed(seed, "t"),
        scratch: new Scratch(),
        fill: [0.5, 0.5, 0.5],
      });
      return { a, ops };
    };
    const first = run(1);
    expect(maxAbsDiff(run(1).a.data, first.a.data)).toBe(0);
    let differs = 0;
    for (let seed = 2; seed < 30; seed++) {
      const r = run(seed);
      expect(r.ops.length).toBeLessThanOrEqual(2);
      for (const op of r.ops) expect(RAND_AUGMENT_OPS).toContain(op);
      if (maxAbsDiff(r.a.data, first.a.data) > 0) differs++;
    }
    expect(differs).toBeGreaterThan(20);
  });

  it("does nothing with n = 0 or prob = 0, and every op keeps values finite", () => {
    const img = randomImage(6, 6, 3, 4);
    const ctx = { random: SeededRandom.fromSeed(0, "t"), scratch: new Scratch(), fill: [0.5, 0.5, 0.5] };
    for (const config of [
      { n: 0, m: 9, mstd: 0, prob: 0.5 },
      { n: 3, m: 9, mstd: 0, prob: 0 },
    ]) {
      const a = copyImage(img);
      expect(randAugment(a, config, ctx)).toEqual([]);
      expect(maxAbsDiff(a.data, img.data)).toBe(0);
    }
    for (const op of RAND_AUGMENT_OPS) {
      const a = copyImage(img);
      applyRandAugmentOp(a, op, 0.9, ctx);
      for (const v of a.data) expect(Number.isFinite(v) && v >= -1e-6 && v <= 1 + 1e-6).toBe(true);
    }
  });
});

describe("random erasing", () => {
  it("fills one box with N(0, 1) noise, area 2–33 % of the image, and nothing else", () => {
    const random = SeededRandom.fromSeed(6, "t");
    let erased = 0;
    for (let i = 0; i < 40; i++) {
      const img = { data: new Float32Array(16 * 16 * 3).fill(7), height: 16, width: 16, channels: 3 };
      const box = randomErasing(img, 1, random);
      if (!box) continue;
      erased++;
      const area = (box.width * box.height) / 256;
      expect(area).toBeGreaterThan(0.01);
      expect(area).toBeLessThan(0.4);
      let changed = 0;
      for (let y = 0; y < 16; y++) {
        for (let x = 0; x < 16; x++) {
          const inside = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
          for (let c = 0; c < 3; c++) {
            const v = img.data[(y * 16 + x) * 3 + c]!;
            if (inside ? v !== 7 : v === 7) changed++;
          }
        }
      }
      expect(changed).toBe(16 * 16 * 3); // every pixel inside changed, every pixel outside kept
    }
    expect(erased).toBeGreaterThan(35);
    const untouched = { data: new Float32Array(16).fill(7), height: 4, width: 4, channels: 1 };
    expect(randomErasing(untouched, 0, random)).toBeNull();
  });
});
