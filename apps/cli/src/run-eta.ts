import type { TrainingProgress } from "@seedscope/train";

/**
 * The time left for a whole run, over all its remaining epochs, from what this session measured: the
 * seconds per training step and the seconds an end-of-epoch evaluation (val, v2 and the commit) took.
 * Until one evaluation has been timed the estimate covers training only and is marked a lower bound.
 */
export class RunEta {
  private trainSeconds = 0;
  private trainSteps = 0;
  private evalSeconds: number | null = null;
  private last: { epoch: number; step: number; phase: TrainingProgress["phase"]; at: number } | null = null;
  private evalStartedAt: number | null = null;

  observe(p: TrainingProgress, now = performance.now()): void {
    const last = this.last;
    if (p.phase === "train" && last?.phase === "train" && last.epoch === p.epoch && p.step > last.step) {
      this.trainSeconds += (now - last.at) / 1000;
      this.trainSteps += p.step - last.step;
    }
    if (p.phase === "eval" && last?.phase !== "eval") this.evalStartedAt = now;
    if (p.phase === "train" && last?.phase === "eval" && this.evalStartedAt !== null) {
      // The first step of the next epoch ran in between: take its time off.
      this.evalSeconds = Math.max(0, (now - this.evalStartedAt) / 1000 - this.secondsPerStep() * p.step);
      this.evalStartedAt = null;
    }
    this.last = { epoch: p.epoch, step: p.step, phase: p.phase, at: now };
  }

  private secondsPerStep(): number {
    return this.trainSteps > 0 ? this.trainSeconds / this.trainSteps : 0;
  }

  /** Seconds left for the run, and whether evaluation time is included yet; null before any step is timed. */
  remaining(p: TrainingProgress, now = performance.now()): { seconds: number; complete: boolean } | null {
    if (this.trainSteps === 0) return null;
    const step = this.secondsPerStep();
    const evalS = this.evalSeconds ?? 0;
    const epochsAfter = p.epochs - p.epoch;
    let seconds = epochsAfter * (p.stepsPerEpoch * step + evalS);
    if (p.phase === "train") seconds += (p.stepsPerEpoch - p.step) * step + evalS;
    else seconds += Math.max(0, evalS - (this.evalStartedAt === null ? 0 : (now - this.evalStartedAt) / 1000));
    return { seconds, complete: this.evalSeconds !== null };
  }
}
