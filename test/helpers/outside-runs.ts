import { ensureExternalStudy, importRun, setExternalTags, type Store } from "@seedscope/db";

/** One outside run of the fixture: what was logged, to compare the dashboard against. */
export interface OutsideRun {
  readonly id: number;
  readonly name: string;
  readonly seed: number | null;
  readonly params: Readonly<Record<string, string | number>>;
  readonly val: readonly number[];
  readonly v2: readonly number[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface OutsideFixture {
  readonly studyId: number;
  readonly studyName: string;
  readonly source: string;
  /** Three seeds of one configuration, one run of it without a seed, then one run of another learning rate. */
  readonly runs: readonly OutsideRun[];
}

const CONFIG = { lr: "0.001", model: "deit_tiny", data_set: "IMNET", epochs: "3" } as const;

/**
 * A study of runs trained outside seedscope, stored through db's import path (as `seedscope import` and
 * the client store them): runs that differ only by their seed share one external configuration.
 */
export async function storeOutsideRuns(store: Store, source = "import:test"): Promise<OutsideFixture> {
  const studyName = "deit outside";
  const study = await ensureExternalStudy(store, { name: studyName, source });
  const specs: { name: string; seed: number | null; lr: string; val: number[]; v2: number[] }[] = [
    { name: "seed-0", seed: 0, lr: CONFIG.lr, val: [60.1, 68.4, 72.25], v2: [50.5, 58.2, 61.75] },
    { name: "seed-1", seed: 1, lr: CONFIG.lr, val: [59.3, 67.9, 71.5], v2: [49.8, 57.6, 60.5] },
    { name: "seed-2", seed: 2, lr: CONFIG.lr, val: [61.2, 69.1, 73.0], v2: [51.1, 59.0, 62.25] },
    { name: "no-seed", seed: null, lr: CONFIG.lr, val: [58.0, 66.0, 70.0], v2: [48.0, 56.0, 59.0] },
    { name: "lr-0.002", seed: 0, lr: "0.002", val: [62.0, 70.0, 74.5], v2: [52.0, 60.0, 63.0] },
  ];
  const runs: OutsideRun[] = [];
  for (const spec of specs) {
    const params: Record<string, string | number> = { ...CONFIG, lr: spec.lr };
    if (spec.seed !== null) params.seed = spec.seed;
    const points = spec.val.flatMap((value, i) => [
      { key: "val/top1", step: i + 1, value },
      { key: "v2/top1", step: i + 1, value: spec.v2[i]! },
      { key: "train/loss", step: i + 1, value: 3 - i / 2 },
    ]);
    const { id } = await importRun(store, {
      source,
      externalKey: `${studyName}/${spec.name}`,
      studyId: study.id,
      name: spec.name,
      params,
      points,
    });
    const tags: Record<string, string> =
      spec.seed === 0 && spec.lr === CONFIG.lr ? { host: "gpu-3", user: "alice" } : {};
    if (Object.keys(tags).length > 0) await setExternalTags(store, id, tags);
    runs.push({ id, name: spec.name, seed: spec.seed, params, val: spec.val, v2: spec.v2, tags });
  }
  return { studyId: study.id, studyName, source, runs };
}
