/*
 * A run's recorded fingerprint (its environment JSON and code version) as rows a person reads: grouped into
 * software, machine and data, long hashes shortened with the full value kept beside. What is not recorded
 * (a run logged before the fingerprint existed, or from outside seedscope) is left out, not shown as "–".
 */

export type FingerprintGroup = "software" | "machine" | "data";

export interface FingerprintRow {
  readonly group: FingerprintGroup;
  /** The environment field it comes from, as `seedscope diff` names it (e.g. `data.splits.train`). */
  readonly field: string;
  readonly label: string;
  /** As shown: hashes cut to 12 characters. */
  readonly value: string;
  /** The whole value, where `value` is shortened. */
  readonly full: string | null;
}

type Json = Readonly<Record<string, unknown>>;

const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const SHORT_HASH = 12;

/** Splits in training order (the store's JSON keeps its own key order). */
const SPLIT_ORDER = ["train", "val", "v2"];
const splitRank = (split: string) => (SPLIT_ORDER.includes(split) ? SPLIT_ORDER.indexOf(split) : SPLIT_ORDER.length);

function text(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(text).join(" ");
  return JSON.stringify(v);
}

function row(group: FingerprintGroup, field: string, label: string, v: unknown, hash = false): FingerprintRow[] {
  if (v === undefined || v === null) return [];
  const full = text(v);
  const shorten = hash && full.length > SHORT_HASH;
  return [{ group, field, label, value: shorten ? full.slice(0, SHORT_HASH) : full, full: shorten ? full : null }];
}

/** The rows of a run's fingerprint, in group order; empty when the run recorded none. */
export function fingerprintRows(
  environment: unknown,
  code: { dataset: string; gitCommit: string | null; gitDirty: boolean | null },
): FingerprintRow[] {
  const env: Json = isRecord(environment) ? environment : {};
  const packages: Json = isRecord(env.packages) ? env.packages : {};
  const data: Json = isRecord(env.data) ? env.data : {};
  const splits: Json = isRecord(data.splits) ? data.splits : {};
  const counts: Json = isRecord(data.counts) ? data.counts : {};
  const options: Json = isRecord(env.datasetOptions) ? env.datasetOptions : {};
  const software = [
    ...row("software", "node", "Node.js", env.node),
    ...row("software", "tfjs", "TensorFlow.js", env.tfjs),
    ...row("software", "backend", "Backend", env.backend),
    ...row("software", "backendPackage", "Backend package", env.backendPackage),
    ...Object.keys(packages)
      .sort()
      .flatMap((name) =>
        row("software", `packages.${name}`, name, packages[name] === null ? "not installed" : packages[name]),
      ),
    ...row("software", "lockfileHash", "Lockfile (sha256)", env.lockfileHash, true),
    ...row("software", "gitCommit", "Code version", code.gitCommit, true),
    ...(code.gitCommit === null ? [] : row("software", "gitDirty", "Uncommitted changes", code.gitDirty)),
  ];
  const machine = [
    ...row("machine", "cpu", "CPU", env.cpu),
    ...row("machine", "cpuCount", "CPU cores", env.cpuCount),
    ...row("machine", "cpuFeatures", "CPU features", env.cpuFeatures),
    ...row("machine", "threads", "Threads", env.threads),
    ...row("machine", "simd", "SIMD", env.simd),
    ...row("machine", "accelerator", "Accelerator", env.accelerator),
    ...row("machine", "os", "OS", env.os ?? env.platform),
  ];
  const dataRows = [
    ...row("data", "dataset", "Dataset", code.dataset),
    ...row("data", "data.hash", "Data (sha256)", data.hash, true),
    ...row("data", "data.shape", "Image shape", data.shape),
    ...row("data", "data.numClasses", "Classes", data.numClasses),
    ...Object.keys(options)
      .sort()
      .flatMap((k) => row("data", `datasetOptions.${k}`, `Option ${k}`, options[k])),
    ...Object.keys(splits)
      .sort((a, b) => splitRank(a) - splitRank(b) || a.localeCompare(b))
      .flatMap((split) => [
        ...row("data", `data.counts.${split}`, `${split} images`, counts[split]),
        ...row("data", `data.splits.${split}`, `${split} split (sha256)`, splits[split], true),
      ]),
  ];
  return [...software, ...machine, ...dataRows];
}
