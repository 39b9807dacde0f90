/**
 * @seedscope/stats: statistics for the dashboard and the CLI.
 *
 * Missing values: every function drops non-finite inputs (NaN, ±Infinity) before computing and
 * reports how many it dropped as `nonFiniteCount`. NaN in a result means "undefined" (e.g. the std
 * of one value), never "missing".
 */
export type { FinitePairs, FiniteSample } from "./finite";
export { keepFinite, keepFinitePairs } from "./finite";

export type { ConfidenceInterval } from "./confidence";
export { DEFAULT_CONFIDENCE_LEVEL, studentTInterval } from "./confidence";

export {
  regularizedIncompleteBeta,
  studentTCdf,
  studentTDensity,
  studentTQuantile,
  studentTTwoSidedPValue,
} from "./student-t";

export type { SampleSummary, SeedSummary, SeedSummaryOptions, SeedValues, SummaryOptions } from "./summary";
export { summarize, summarizeSeeds } from "./summary";

export type { GroupMoments } from "./group";
export type { WelchOptions, WelchTTest } from "./welch";
export { welchTTest } from "./welch";
export type { BootstrapDifference, BootstrapOptions } from "./bootstrap";
export { bootstrapMeanDifference } from "./bootstrap";

export type { Correlation } from "./correlation";
export { pearsonCorrelation, pearsonInterval, spearmanCorrelation } from "./correlation";
export type { LinearFit } from "./linear-fit";
export { linearFit, linearFitEndpoints, predictLinear } from "./linear-fit";

export type { BinRule, Histogram, HistogramOptions } from "./histogram";
export { histogram } from "./histogram";
export type { GaussianFit, HistogramWithGaussian, HistogramWithGaussianOptions } from "./gaussian-fit";
export {
  DEFAULT_CURVE_POINTS,
  fitGaussian,
  gaussianCurveForHistogram,
  histogramWithGaussian,
  normalDensity,
} from "./gaussian-fit";

export type { DownsampleResult, ParallelSeries, Point, SeriesInput } from "./series";
export { downsampleLttb } from "./lttb";
export { downsampleMinMax } from "./min-max-downsample";

export { erfc, normalCdf, normalQuantile, normalSf } from "./normal";
export type { EffectSize } from "./effect-size";
export { effectSize, hedgesCorrection } from "./effect-size";
export type { MannWhitney } from "./mann-whitney";
export { mannWhitney, mannWhitneyExactSf } from "./mann-whitney";
export type { ProbabilityOfImprovement, ProbabilityOfImprovementOptions } from "./probability-of-improvement";
export { probabilityOfImprovement } from "./probability-of-improvement";
export type { PAdjustMethod } from "./p-adjust";
export { adjustPValues, P_ADJUST_METHODS } from "./p-adjust";
export { noncentralTCdf } from "./noncentral-t";
export type { PowerOptions, SeedsNeeded } from "./power";
export { minimumDetectableDifference, seedsNeeded, twoSampleTPower } from "./power";
export type { RobustOutliers } from "./robust";
export { interquartileMean, MAD_TO_STD, robustOutliers } from "./robust";
export type { ShapiroWilk } from "./shapiro-wilk";
export { shapiroWilk } from "./shapiro-wilk";
export type { CompareOptions, GroupComparison, GroupDescription } from "./compare";
export { compareGroups, describeGroup, methodsSentence, verdict } from "./compare";
