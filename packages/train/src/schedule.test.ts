import { describe, expect, it } from "vitest";
import { learningRate } from "./schedule";

describe("learningRate", () => {
  const input = {
    schedule: { kind: "cosine" as const, warmupEpochs: 1, minLr: 0.1 },
    peakLr: 1.1,
    stepsPerEpoch: 4,
    epochs: 3,
  };

  it("warms up linearly per step, then follows a half-cosine down to minLr at the last step", () => {
    const lrs = Array.from({ length: 12 }, (_, s) => learningRate(input, s));
    [0.275, 0.55, 0.825, 1.1].forEach((v, s) => expect(lrs[s]).toBeCloseTo(v, 12));
    // 8 decay steps: progress k/7, lr = 0.1 + 1.0 · (1 + cos(πk/7)) / 2
    expect(lrs[4]).toBeCloseTo(1.1, 12);
    expect(lrs[7]).toBeCloseTo(0.1 + 0.5 * (1 + Math.cos((3 * Math.PI) / 7)), 12);
    expect(lrs[11]).toBeCloseTo(0.1, 12);
    for (let s = 5; s < 12; s++) expect(lrs[s]!).toBeLessThan(lrs[s - 1]!);
  });

  it("without warm-up starts at the peak", () => {
    expect(learningRate({ ...input, schedule: { ...input.schedule, warmupEpochs: 0 } }, 0)).toBeCloseTo(1.1, 12);
  });
});
