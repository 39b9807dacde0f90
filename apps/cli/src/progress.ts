import { SingleBar } from "cli-progress";
import type { EpochTop1 } from "@seedscope/db";
import type { TrainingProgress } from "@seedscope/train";
import { duration, pct } from "./format";
import { RunEta } from "./run-eta";

/** Reads a committed epoch's val and v2 top-1 (from the store). */
export type EpochReader = (runId: number, epoch: number) => Promise<EpochTop1>;

/**
 * Shows training progress on stderr: a live bar on a terminal, a line per epoch elsewhere (logs, CI),
 * and in both a line with val and v2 top-1 when an epoch has been evaluated and committed. The ETA is
 * the whole run's, evaluation included (see {@link RunEta}).
 */
export class TrainingProgressView {
  private bar: SingleBar | null = null;
  private readonly eta = new RunEta();
  /** The epoch whose evaluation started in this session and whose line is not printed yet. */
  private evaluating: { runId: number; epoch: number; epochs: number; loss: number; speed: number } | null = null;
  private printing: Promise<void> | null = null;
  private latest: TrainingProgress | null = null;

  constructor(
    private readonly readEpoch: EpochReader | null = null,
    private readonly interactive = process.stderr.isTTY === true,
    private readonly write: (text: string) => void = (text) => void process.stderr.write(text),
  ) {}

  update(p: TrainingProgress): void {
    this.eta.observe(p);
    this.latest = p;
    if (p.phase === "train" && this.evaluating && p.epoch > this.evaluating.epoch) {
      // The evaluated epoch has been committed (training only goes on after its commit).
      const done = this.evaluating;
      this.evaluating = null;
      this.stopBar();
      this.printing = this.printEpoch(done).finally(() => {
        this.printing = null;
        if (this.latest) this.update(this.latest);
      });
      return;
    }
    if (p.phase === "eval" && this.evaluating?.epoch !== p.epoch) {
      this.evaluating = { runId: p.runId, epoch: p.epoch, epochs: p.epochs, loss: p.loss, speed: p.imagesPerSecond };
    }
    if (this.printing) return; // the bar resumes once the epoch's line is out
    if (this.interactive) this.draw(p);
  }

  /** Waits for pending output and prints the last epoch's line when the run committed it. */
  async finish(epochsDone: number): Promise<void> {
    await this.printing;
    const last = this.evaluating;
    this.evaluating = null;
    this.stopBar();
    if (last && epochsDone >= last.epoch) await this.printEpoch(last);
  }

  stop(): void {
    this.stopBar();
  }

  private etaText(p: TrainingProgress): string {
    const left = this.eta.remaining(p);
    if (!left) return "run ETA --";
    return `run ETA ${left.complete ? "" : "≥ "}${duration(left.seconds)}`;
  }

  private draw(p: TrainingProgress): void {
    const payload = {
      epoch: `${p.epoch}/${p.epochs}`,
      loss: p.loss.toFixed(4),
      speed: p.imagesPerSecond.toFixed(0),
      // Not `eta`: cli-progress fills that token itself, with the bar's (this epoch's) seconds and no unit.
      runEta: p.phase === "eval" ? `evaluating · ${this.etaText(p)}` : this.etaText(p),
    };
    if (!this.bar) {
      this.bar = new SingleBar({
        format: "run {run} | epoch {epoch} |{bar}| step {value}/{total} | loss {loss} | {speed} img/s | {runEta}",
        hideCursor: true,
        stream: process.stderr,
        barsize: 24,
      });
      this.bar.start(p.stepsPerEpoch, p.step, { ...payload, run: p.runId });
    }
    this.bar.setTotal(p.stepsPerEpoch);
    this.bar.update(p.step, payload);
  }

  private stopBar(): void {
    this.bar?.stop();
    this.bar = null;
  }

  private async printEpoch(done: {
    runId: number;
    epoch: number;
    epochs: number;
    loss: number;
    speed: number;
  }): Promise<void> {
    let top1 = "";
    if (this.readEpoch) {
      try {
        const r = await this.readEpoch(done.runId, done.epoch);
        top1 = `, val top-1 ${pct(r.val)}, v2 top-1 ${pct(r.v2)}`;
      } catch {
        top1 = ""; // the store was closed under us (run ending): the final summary has the numbers
      }
    }
    const eta = this.latest && this.latest.epoch > done.epoch ? `, ${this.etaText(this.latest)}` : "";
    this.write(
      `run ${done.runId} epoch ${done.epoch}/${done.epochs}: train loss ${done.loss.toFixed(4)}, ${done.speed.toFixed(0)} img/s${top1}${eta}\n`,
    );
  }
}
