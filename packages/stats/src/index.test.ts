import { describe, expect, it } from "vitest";
import * as stats from "./index";

describe("@seedscope/stats public API", () => {
  it("exports every function the dashboard and the CLI use", () => {
    const functions = [
      "summarize",
      "summarizeSeeds",
      "studentTQuantile",
      "studentTCdf",
      "studentTTwoSidedPValue",
      "welchTTest",
      "bootstrapMeanDifference",
      "pearsonCorrelation",
      "spearmanCorrelation",
      "linearFit",
      "linearFitEndpoints",
      "histogram",
      "fitGaussian",
      "gaussianCurveForHistogram",
      "histogramWithGaussian",
      "downsampleLttb",
      "downsampleMinMax",
    ] as const;
    // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the test checks the entry point exports each name
    for (const name of functions) expect(typeof stats[name]).toBe("function");
  });

  it("works end to end through the entry point", () => {
    expect(stats.summarizeSeeds({ 0: 1, 1: 3 }).referenceDelta).toBe(-2); // seed 0 against seed 1 alone
  });
});
