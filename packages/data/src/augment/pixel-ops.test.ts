import { describe, expect, it } from "vitest";
import { flipHorizontal } from "./flip";
import { Scratch } from "./image";
import type { FloatImage } from "./image";
import {
  adjustBrightness,
  adjustContrast,
  adjustSaturation,
  autocontrast,
  equalize,
  gaussianBlur,
  grayscale,
  posterize,
  solarize,
} from "./pixel-ops";
import { normalizeInto, denormalize } from "./normalize";

function image(values: number[], height: number, width: number, channels: number): FloatImage {
  return { data: Float32Array.from(values), height, width, channels };
}
const rounded = (img: FloatImage, digits = 5) => [...img.data].map((v) => Number(v.toFixed(digits)));

describe("pixel operations", () => {
  it("flips rows left-right, channels kept together", () => {
    const grey = image([1, 2, 3, 4, 5, 6], 2, 3, 1);
    flipHorizontal(grey);
    expect([...grey.data]).toEqual([3, 2, 1, 6, 5, 4]);
    const rgb = image([1, 2, 3, 4, 5, 6], 1, 2, 3);
    flipHorizontal(rgb);
    expect([...rgb.data]).toEqual([4, 5, 6, 1, 2, 3]);
    flipHorizontal(rgb);
    expect([...rgb.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("solarizes values at or above the threshold", () => {
    const img = image([0.2, 0.5, 0.9, 0.49], 2, 2, 1);
    solarize(img, 0.5);
    expect(rounded(img)).toEqual([0.2, 0.5, 0.1, 0.49]);
  });

  it("greys RGB with the ITU-R 601 weights and leaves one channel alone", () => {
    const rgb = image([1, 0, 0, 0, 1, 0, 0, 0, 1], 1, 3, 3);
    grayscale(rgb);
    expect(rounded(rgb)).toEqual([0.299, 0.299, 0.299, 0.587, 0.587, 0.587, 0.114, 0.114, 0.114]);
    const grey = image([0.3, 0.7], 1, 2, 1);
    grayscale(grey);
    expect(rounded(grey)).toEqual([0.3, 0.7]);
  });

  it("posterizes to the top bits of each byte", () => {
    const img = image([200 / 255, 15 / 255], 1, 2, 1);
    posterize(img, 4); // 200 = 0b11001000 → 0b11000000 = 192; 15 → 0
    expect(rounded(img)).toEqual([Number((192 / 255).toFixed(5)), 0]);
  });

  it("scales brightness, pulls contrast to the mean, desaturates to grey", () => {
    const b = image([0.5, 0.9], 1, 2, 1);
    adjustBrightness(b, 1.2);
    expect(rounded(b)).toEqual([0.6, 1]); // 1.08 clamps to 1
    const c = image([0.2, 0.6], 1, 2, 1);
    adjustContrast(c, 0.5); // mean 0.4
    expect(rounded(c)).toEqual([0.3, 0.5]);
    adjustContrast(c, 0);
    expect(rounded(c)).toEqual([0.4, 0.4]);
    const s = image([1, 0, 0], 1, 1, 3);
    adjustSaturation(s, 0);
    expect(rounded(s)).toEqual([0.299, 0.299, 0.299]);
  });

  it("stretches and equalizes histograms", () => {
    const a = image([0.25, 0.5, 0.75, 0.5], 2, 2, 1);
    autocontrast(a);
    expect(rounded(a)).toEqual([0, 0.5, 1, 0.5]);
    const e = image([10 / 255, 10 / 255, 20 / 255, 30 / 255], 2, 2, 1);
    equalize(e); // cdf 2, 3, 4 over 4 pixels, first level count 2 → (cdf − 2) / 2
    expect(rounded(e)).toEqual([0, 0, 0.5, 1]);
  });

  it("blurs with a normalized Gaussian: constants stay, an impulse spreads by the kernel", () => {
    const scratch = new Scratch();
    const flat = image(new Array(25).fill(0.3), 5, 5, 1);
    gaussianBlur(flat, 1.3, scratch);
    for (const v of flat.data) expect(v).toBeCloseTo(0.3, 6);
    const impulse = image(new Array(81).fill(0), 9, 9, 1);
    impulse.data[40] = 1;
    gaussianBlur(impulse, 1, scratch);
    let norm = 0;
    for (let k = -3; k <= 3; k++) norm += Math.exp(-(k * k) / 2);
    expect(impulse.data[40]).toBeCloseTo(1 / (norm * norm), 6);
    expect(impulse.data[41]).toBeCloseTo(Math.exp(-0.5) / (norm * norm), 6);
    expect(impulse.data.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it("normalizes per channel and back", () => {
    const img = image([0.5, 0.2, 0.7, 0.4], 1, 2, 2);
    const out = new Float32Array(6).fill(-9);
    normalizeInto(img, [0.5, 0.3], [0.25, 0.1], out, 1);
    expect([...out].map((v) => Number(v.toFixed(5)))).toEqual([-9, 0, -1, 0.8, 1, -9]);
    const back = out.slice(1, 5);
    denormalize(back, 2, [0.5, 0.3], [0.25, 0.1]);
    expect([...back].map((v) => Number(v.toFixed(5)))).toEqual([0.5, 0.2, 0.7, 0.4]);
  });
});
