import type { MetricPoint } from "@seedscope/core";

/**
 * What an importer read from a file, before anything is stored: one or more runs, each with its
 * configuration (any JSON: it becomes an "external" recipe), its seed where known and its metric points
 * under seedscope's keys. Writing them to the store is the caller's business.
 */
export interface ImportedRun {
  /** A name for the run, from the file or folder it came from. */
  readonly name: string;
  /** The run's configuration (hyper-parameters) as read, or null when the file carries none. */
  readonly config: Readonly<Record<string, unknown>> | null;
  /** The seed, from the configuration, a flag or null when unknown (then the run forms no seed group). */
  readonly seed: number | null;
  /** Every metric point under seedscope keys (`val/top1`, `train/loss`, …), step = epoch (1-based). */
  readonly points: readonly MetricPoint[];
  /** Final (last epoch) and best (highest top-1 over epochs) of each evaluated split. */
  readonly splits: Readonly<Record<string, SplitResult>>;
  /** Epochs the file covers, counting from 1; 0 for a table of final results. */
  readonly epochs: number;
  /** The first epoch in the file when it starts later than 1 (the file continues a resumed run). */
  readonly resumedFrom: number | null;
  readonly params: number | null;
  /** Things the importer noticed and dealt with (duplicate epochs, resumed headers, unknown columns). */
  readonly notes: readonly string[];
}

export interface SplitResult {
  readonly top1: number | null;
  readonly top5: number | null;
  readonly loss: number | null;
  /** The epoch with the highest top-1 and that top-1: last is not best. */
  readonly best: { readonly epoch: number; readonly top1: number } | null;
}

/** The (key, step) → value series of an importer, later records for the same (key, step) replacing earlier ones. */
export class PointSeries {
  private readonly byKey = new Map<string, Map<number, number>>();

  set(key: string, step: number, value: number): boolean {
    let steps = this.byKey.get(key);
    if (!steps) this.byKey.set(key, (steps = new Map()));
    const replaced = steps.has(step);
    steps.set(step, value);
    return replaced;
  }

  get(key: string, step: number): number | undefined {
    return this.byKey.get(key)?.get(step);
  }

  steps(key: string): number[] {
    return [...(this.byKey.get(key)?.keys() ?? [])].sort((a, b) => a - b);
  }

  points(): MetricPoint[] {
    const out: MetricPoint[] = [];
    for (const [key, steps] of [...this.byKey].sort(([a], [b]) => a.localeCompare(b))) {
      for (const step of [...steps.keys()].sort((a, b) => a - b)) out.push({ key, step, value: steps.get(step)! });
    }
    return out;
  }

  /** Last and best of `split` from its `top1`, `top5` and `loss` series. */
  splitResult(split: string): SplitResult | null {
    const top1Steps = this.steps(`${split}/top1`);
    const lossSteps = this.steps(`${split}/loss`);
    if (top1Steps.length === 0 && lossSteps.length === 0) return null;
    const last = (key: string) => {
      const steps = this.steps(key);
      return steps.length === 0 ? null : this.get(key, steps[steps.length - 1]!)!;
    };
    let best: SplitResult["best"] = null;
    for (const step of top1Steps) {
      const top1 = this.get(`${split}/top1`, step)!;
      if (Number.isFinite(top1) && (best === null || top1 > best.top1)) best = { epoch: step, top1 };
    }
    return { top1: last(`${split}/top1`), top5: last(`${split}/top5`), loss: last(`${split}/loss`), best };
  }

  splitResults(): Record<string, SplitResult> {
    const splits = new Set([...this.byKey.keys()].map((k) => k.split("/")[0]!));
    const out: Record<string, SplitResult> = {};
    for (const split of ["val", "v2"]) {
      if (!splits.has(split)) continue;
      const result = this.splitResult(split);
      if (result) out[split] = result;
    }
    return out;
  }
}
