import { describe, expect, it } from "vitest";
import { SeededRandom } from "@seedscope/core";
import { getRecipe } from "@seedscope/recipes";
import { TrainLoader } from "../batches";
import { syntheticDataset } from "../testing/fixtures";
import { augmentConfigOf, parseAugmentConfig } from "./config";
import { blurSigmaAt } from "./three-augment";

const dataset = syntheticDataset({ height: 8, width: 8, channels: 1 }, 5, 8);

function mixedBatches(threshold: number | null) {
  const augment = parseAugmentConfig({ ...augmentConfigOf(getRecipe("deit3")), bceTargetThreshold: threshold });
  const loader = new TrainLoader({
    dataset,
    augment,
    batchSize: 8,
    random: SeededRandom.fromSeed(3, "data"),
    reuseBuffers: false,
  });
  return [...loader.epoch(0)].filter((b) => b.mix.kind !== "none" && b.mix.lambda > 0 && b.mix.lambda < 1);
}

describe("fidelity to the papers: targets and 3-Augment", () => {
  it("DeiT III (thesis §6.2.1 BCE, Table 6.1 Mixup/CutMix; reference training loop: targets > 0): the mixed targets become 0/1 (targets > 0), both mixed classes at 1", () => {
    const batches = mixedBatches(0);
    expect(batches.length).toBeGreaterThan(0);
    let twoClassRows = 0;
    for (const b of batches) {
      for (let i = 0; i < b.size; i++) {
        const row = [...b.targets.subarray(i * dataset.numClasses, (i + 1) * dataset.numClasses)];
        expect(row.every((v) => v === 0 || v === 1)).toBe(true);
        expect(row[b.labels[i]!]).toBe(1);
        if (row.filter((v) => v === 1).length === 2) twoClassRows++;
      }
    }
    expect(twoClassRows).toBeGreaterThan(0);
    // The same batches with soft targets (recipe schema version 1's behaviour) keep λ and 1 − λ.
    const soft = mixedBatches(null);
    const b = soft[0]!;
    const row = [...b.targets.subarray(0, dataset.numClasses)];
    expect(row.some((v) => v > 0 && v < 1)).toBe(true);
    expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
  });

  it("cosub (Table 3: BCE-hard label loss) inherits DeiT III's thresholded targets; CE recipes and A2 keep soft ones", () => {
    expect(getRecipe("deit3").bceTargetThreshold).toBe(0);
    expect(getRecipe("cosub").bceTargetThreshold).toBe(0);
    for (const name of ["deit", "a2", "stpp", "divide"]) expect(getRecipe(name).bceTargetThreshold, name).toBeNull();
  });

  it("3-Augment (thesis §6.2.2; σ ∈ [0.1, 2] at 224 px in the reference code) scales σ with the trained resolution", () => {
    const deit3 = getRecipe("deit3");
    expect([deit3.augment.blurSigma, deit3.augment.blurReferenceResolution]).toEqual([[0.1, 2], 224]);
    expect(blurSigmaAt([0.1, 2], 224, 28)).toEqual([0.0125, 0.25]);
    expect(blurSigmaAt([0.1, 2], 224, 224)).toEqual([0.1, 2]);
    expect(blurSigmaAt([0.1, 2], null, 28)).toEqual([0.1, 2]);
  });
});

describe("fidelity to the papers: cosub's base procedure", () => {
  it("cosub on convnets (cosub §4, Table 2: Wightman et al.'s procedure, τ = 0.10 for ResNet-50) is a2 plus the cosub method", () => {
    const a2 = getRecipe("a2");
    const cosubA2 = getRecipe("cosub-a2");
    expect({ ...cosubA2, method: a2.method }).toEqual(a2);
    expect(cosubA2.method).toEqual({ kind: "cosub", lambda: 0.5, tau: 0.1, sdMode: "esd", esdScale: "effective" });
  });
});
