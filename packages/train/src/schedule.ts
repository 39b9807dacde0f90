import type { Recipe } from "@seedscope/core";

export interface ScheduleInput {
  readonly schedule: Recipe["schedule"];
  /** The effective (batch-scaled) learning rate reached at the end of warm-up. */
  readonly peakLr: number;
  readonly stepsPerEpoch: number;
  readonly epochs: number;
}

/**
 * Learning rate of optimizer step `step` (0-based): linear warm-up from 0 over warmupEpochs (per step),
 * then a half-cosine from peakLr to minLr that reaches minLr at the last step.
 */
export function learningRate(input: ScheduleInput, step: number): number {
  const total = input.stepsPerEpoch * input.epochs;
  const warmup = Math.min(Math.round(input.schedule.warmupEpochs * input.stepsPerEpoch), total);
  if (step < warmup) return (input.peakLr * (step + 1)) / warmup;
  const decaySteps = total - warmup;
  const progress = decaySteps <= 1 ? 1 : (step - warmup) / (decaySteps - 1);
  const { minLr } = input.schedule;
  return minLr + (input.peakLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * Math.min(progress, 1)));
}
