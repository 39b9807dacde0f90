/** What decides whether a finished run learned anything: its final val top-1 and loss against chance. */
export interface CollapseInput {
  /** Final top-1 on the validation split, in percent. */
  readonly top1: number;
  /** Final mean cross-entropy on the validation split, when known. */
  readonly loss?: number;
  /** Number of classes C: chance is 100 / C percent and the loss of uniform predictions ln C. */
  readonly classes: number;
  /** Number of validation images the top-1 was measured on. */
  readonly evaluated: number;
}

/** How many binomial standard errors above chance still count as chance. */
export const COLLAPSE_SIGMAS = 3;

/** The highest val top-1 (percent) that is still within noise of chance for C classes and n images. */
export function chanceCeiling(classes: number, evaluated: number): number {
  const p = 1 / classes;
  return 100 * (p + COLLAPSE_SIGMAS * Math.sqrt((p * (1 - p)) / Math.max(1, evaluated)));
}

/**
 * A run collapsed when its final val top-1 is within noise of chance (at most {@link COLLAPSE_SIGMAS}
 * binomial standard errors above 1/C), or when its val loss is within 1 % of ln C — the loss of a model
 * that predicts the uniform distribution — while top-1 is below twice chance.
 */
export function isCollapsed(input: CollapseInput): boolean {
  if (!(input.classes >= 2) || !Number.isFinite(input.top1)) return false;
  if (input.top1 <= chanceCeiling(input.classes, input.evaluated)) return true;
  const uniformLoss = Math.log(input.classes);
  const lossAtUniform = input.loss !== undefined && Math.abs(input.loss - uniformLoss) <= 0.01 * uniformLoss;
  return lossAtUniform && input.top1 < 200 / input.classes;
}
