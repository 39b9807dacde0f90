import { describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { getRecipe } from "@seedscope/recipes";
import { NO_AUGMENTATION, parseAugmentConfig } from "./config";
import { LUMA } from "./image";
import { IMAGENET_PCA_EIGENVALUES, lightingOffset, pcaLighting } from "./pca-lighting";

describe("PCA lighting (ST++ Table 5 'PCA lighting ✓'; AlexNet-style, alphastd 0.1 in the ST++ code base)", () => {
  it("ST++ (Table 5: PCA lighting ✓) trains with alphastd 0.1; every other named recipe has it off", () => {
    expect(getRecipe("stpp").augment.pcaLighting).toBe(0.1);
    for (const name of ["deit", "deit3", "a2", "cosub", "cosub-a2", "divide"])
      expect(getRecipe(name).augment.pcaLighting, name).toBe(0);
  });

  it("adds Σ_k α_k·λ_k·v_k to every RGB pixel, α_k ~ N(0, alphastd²), without clamping", () => {
    const img = { data: new Float32Array(2 * 2 * 3).fill(0.5), height: 2, width: 2, channels: 3 };
    const random = SeededRandom.fromSeed(4, "t");
    const twin = SeededRandom.fromSeed(4, "t");
    pcaLighting(img, 0.1, random);
    const alpha: [number, number, number] = [0.1 * twin.normal(), 0.1 * twin.normal(), 0.1 * twin.normal()];
    const rgb = lightingOffset(alpha);
    for (let p = 0; p < 4; p++) for (let c = 0; c < 3; c++) expect(img.data[p * 3 + c]).toBeCloseTo(0.5 + rgb[c]!, 6);
    // the first component (λ = 0.2175) is the near-uniform brightness direction
    expect(lightingOffset([1, 0, 0]).map((v) => +(v / IMAGENET_PCA_EIGENVALUES[0]).toFixed(4))).toEqual([
      -0.5675, -0.5808, -0.5836,
    ]);
  });

  it("on one-channel images adds the luma-weighted sum of the three channel offsets; alphastd 0 draws nothing", () => {
    const grey = { data: new Float32Array(9).fill(0.4), height: 3, width: 3, channels: 1 };
    pcaLighting(grey, 0.1, SeededRandom.fromSeed(2, "t"));
    const twin = SeededRandom.fromSeed(2, "t");
    const rgb = lightingOffset([0.1 * twin.normal(), 0.1 * twin.normal(), 0.1 * twin.normal()]);
    const offset = LUMA[0] * rgb[0] + LUMA[1] * rgb[1] + LUMA[2] * rgb[2];
    for (const v of grey.data) expect(v).toBeCloseTo(0.4 + offset, 6);
    const random = SeededRandom.fromSeed(9, "t");
    const before = random.state();
    pcaLighting(grey, 0, random);
    expect(random.state()).toEqual(before);
  });

  it("rejects a negative alphastd, naming the field", () => {
    expect(() => parseAugmentConfig({ ...NO_AUGMENTATION, pcaLighting: -0.1 })).toThrow(
      /pcaLighting: got -0\.1, expected a number ≥ 0/,
    );
  });
});
