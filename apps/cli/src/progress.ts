import { SingleBar } from "cli-progress";
import type { TrainingProgress } from "@seedscope/train";

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "--";
  const s = Math.round(seconds);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/**
 * Shows training progress on stderr: a live bar on a terminal, one line per epoch elsewhere (logs, CI).
 */
export class TrainingProgressView {
  private bar: SingleBar | null = null;
  private lastEpochPrinted = 0;

  constructor(private readonly interactive = process.stderr.isTTY === true) {}

  update(p: TrainingProgress): void {
    const payload = {
      epoch: `${p.epoch}/${p.epochs}`,
      loss: p.loss.toFixed(4),
      speed: p.imagesPerSecond.toFixed(0),
      eta: p.phase === "eval" ? "evaluating" : duration(p.etaSeconds),
    };
    if (this.interactive) {
      if (!this.bar) {
        this.bar = new SingleBar({
          format: "run {run} | epoch {epoch} |{bar}| step {value}/{total} | loss {loss} | {speed} img/s | ETA {eta}",
          hideCursor: true,
          stream: process.stderr,
          barsize: 24,
        });
        this.bar.start(p.stepsPerEpoch, p.step, { ...payload, run: p.runId });
      }
      this.bar.setTotal(p.stepsPerEpoch);
      this.bar.update(p.step, payload);
    } else if (p.phase === "eval" && p.epoch > this.lastEpochPrinted) {
      this.lastEpochPrinted = p.epoch;
      process.stderr.write(`run ${p.runId} epoch ${payload.epoch}: train loss ${payload.loss}, ${payload.speed} img/s\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
