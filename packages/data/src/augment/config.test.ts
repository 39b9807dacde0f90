import { describe, expect, it } from "vitest";
import { AUGMENT_PRESETS, NO_AUGMENTATION, parseAugmentConfig } from "./config";

describe("augmentation config", () => {
  it("fills defaults: RRC (0.08–1, 3/4–4/3), flip, SRC padding 4, nothing else", () => {
    const config = parseAugmentConfig({});
    expect(config.crop).toBe("rrc");
    expect(config.rrcScale).toEqual([0.08, 1]);
    expect(config.rrcRatio[0]).toBeCloseTo(0.75);
    expect(config.srcPadding).toBe(4);
    expect(config.flip).toBe(true);
    expect([config.mixup, config.cutmix, config.labelSmoothing, config.randomErasing]).toEqual([0, 0, 0, 0]);
    expect(NO_AUGMENTATION.crop).toBe("none");
  });

  it("carries the recipes' numbers (thesis Table 6.1)", () => {
    const { deit, wightmanA, deit3 } = AUGMENT_PRESETS;
    expect([
      deit.randAugment?.m,
      deit.randAugment?.mstd,
      deit.randomErasing,
      deit.mixup,
      deit.cutmix,
      deit.labelSmoothing,
    ]).toEqual([9, 0.5, 0.25, 0.8, 1, 0.1]);
    expect([deit.repeatedAugmentations, deit.testCropRatio]).toEqual([3, 0.875]);
    expect([
      wightmanA.randAugment?.m,
      wightmanA.mixup,
      wightmanA.cutmix,
      wightmanA.labelSmoothing,
      wightmanA.testCropRatio,
    ]).toEqual([7, 0.2, 1, 0, 0.95]);
    expect([
      deit3.threeAugment,
      deit3.randAugment,
      deit3.colorJitter,
      deit3.mixup,
      deit3.cutmix,
      deit3.randomErasing,
    ]).toEqual([true, null, 0.3, 0.8, 1, 0]);
    expect(deit3.blurSigma).toEqual([0.1, 2]);
  });

  it("names each bad field, and refuses 3-Augment with RandAugment", () => {
    expect(() => parseAugmentConfig({ mixup: -1, crop: "zoom" })).toThrow(
      /crop: Invalid option[\s\S]*mixup: must be ≥ 0/,
    );
    expect(() => parseAugmentConfig({ rrcScale: [0.9, 0.1] })).toThrow(
      /rrcScale: the first value must not exceed the second/,
    );
    expect(() => parseAugmentConfig({ threeAugment: true, randAugment: { m: 9 } })).toThrow(
      /3-Augment replaces RandAugment/,
    );
    expect(() => parseAugmentConfig({ colour: 1 })).toThrow(/colour/);
  });
});
