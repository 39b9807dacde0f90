import { MultiBar, type SingleBar } from "cli-progress";
import type { SweepProgress } from "@seedscope/db";
import type { TrainingProgress } from "@seedscope/train";
import { duration } from "./format";

/**
 * One overall line for a sweep (runs done / failed / total, ETA) and one per worker (run, epoch, step),
 * live on a terminal; elsewhere a line each time a run ends.
 */
export class SweepProgressView {
  private multi: MultiBar | null = null;
  private overall: SingleBar | null = null;
  private readonly workers = new Map<number, SingleBar>();
  private timer: NodeJS.Timeout | null = null;
  private readonly started = performance.now();
  private doneAtStart: number | null = null;
  private lastLine = "";
  private readonly lastEpoch = new Map<number, string>();

  constructor(
    private readonly sweepId: number,
    private readonly read: () => Promise<SweepProgress>,
    private readonly interactive = process.stderr.isTTY === true,
  ) {}

  async start(): Promise<void> {
    if (this.interactive) {
      this.multi = new MultiBar({
        format: "{label} |{bar}| {value}/{total} {info}",
        hideCursor: true,
        stream: process.stderr,
        barsize: 24,
      });
    }
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), 2000);
  }

  /** Reads the sweep's counts and shows them; a failed read is shown, never thrown (the workers go on). */
  async refresh(): Promise<void> {
    let progress: SweepProgress;
    try {
      progress = await this.read();
    } catch (error) {
      this.note(`store unreachable, retrying (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    const { total, byStatus, collapsed } = progress;
    const ended = byStatus.finished + byStatus.failed + byStatus.diverged;
    this.doneAtStart ??= ended;
    const rate = (ended - this.doneAtStart) / ((performance.now() - this.started) / 1000);
    const eta = rate > 0 ? duration((total - ended) / rate) : "--";
    const info = `${byStatus.finished} finished${collapsed ? ` (${collapsed} collapsed)` : ""}, ${byStatus.failed + byStatus.diverged} failed | sweep ETA ${eta}`;
    if (this.multi) {
      this.overall ??= this.multi.create(total, ended, { label: `sweep ${this.sweepId} runs`, info });
      this.overall.setTotal(total);
      this.overall.update(ended, { info });
    } else {
      const line = `sweep ${this.sweepId}: ${ended}/${total} runs done (${info})`;
      if (line.replace(/ETA .*/, "") !== this.lastLine.replace(/ETA .*/, "")) process.stderr.write(`${line}\n`);
      this.lastLine = line;
    }
  }

  /** A line about the sweep (a worker replaced, the store unreachable), above the bars on a terminal. */
  note(text: string): void {
    const line = `sweep ${this.sweepId}: ${text}`;
    if (this.multi) this.multi.log(`${line}\n`);
    else process.stderr.write(`${line}\n`);
  }

  workerProgress(index: number, p: TrainingProgress): void {
    if (!this.multi) {
      // Logs: a line when a worker starts an epoch (so the previous one is committed).
      const key = `${p.runId}/${p.epoch}`;
      if (p.phase === "train" && this.lastEpoch.get(index) !== key) {
        this.lastEpoch.set(index, key);
        process.stderr.write(`worker ${index}: run ${p.runId} epoch ${p.epoch}/${p.epochs}\n`);
      }
      return;
    }
    const info = `run ${p.runId} epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(3)} ${p.imagesPerSecond.toFixed(0)} img/s`;
    let bar = this.workers.get(index);
    if (!bar) {
      bar = this.multi.create(p.stepsPerEpoch, p.step, { label: `worker ${index}      `, info });
      this.workers.set(index, bar);
    }
    bar.setTotal(p.stepsPerEpoch);
    bar.update(p.step, { info });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.refresh().catch(() => undefined);
    this.multi?.stop();
  }
}
