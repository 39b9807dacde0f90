import { z } from "zod";
import { UserError } from "@seedscope/core";
import { DEFAULT_METRIC_ALIASES, parseAliases } from "@seedscope/ingest";
import { IMPORT_FORMATS, type ImportFormat } from "./types";

const wholeNumber = (flag: string, example: string) =>
  z.coerce
    .number({ error: `${flag} must be a number (e.g. ${flag} ${example})` })
    .int(`${flag} must be a whole number (e.g. ${flag} ${example})`);

const RawOptionsSchema = z.object({
  seed: wholeNumber("--seed", "0")
    .min(0, "--seed must be ≥ 0")
    .max(2_147_483_647, "--seed is at most 2147483647")
    .optional(),
  name: z.string().trim().min(1, "--name must not be empty").optional(),
  sweep: z.string().trim().min(1, "--sweep must name a study (e.g. --sweep deit-seeds)").optional(),
  config: z.string().min(1, "--config must name a YAML or JSON file").optional(),
  metricAlias: z.array(z.string()).default([]),
  v2: z.string().min(1, "--v2 must name a results-imagenetv2-*.csv table").optional(),
  runColumn: z.string().min(1, "--run-column must name a column").optional(),
  epochColumn: z.string().min(1, "--epoch-column must name a column").optional(),
  epochBase: z.enum(["0", "1"], { error: "--epoch-base must be 0 or 1" }).optional(),
  seedColumn: z.string().min(1, "--seed-column must name a column").optional(),
  metric: z.array(z.string().min(1, "--metric must name a column")).default([]),
  json: z.boolean().default(false),
});

/** `seedscope import`'s options, checked. */
export interface ImportOptions {
  readonly format: ImportFormat;
  readonly paths: readonly string[];
  readonly seed: number | null;
  readonly name: string | null;
  /** The study's name: --sweep, or the format's default. */
  readonly study: string;
  readonly config: string | null;
  readonly aliases: Readonly<Record<string, string>>;
  readonly v2: string | null;
  readonly csv: {
    readonly run?: string;
    readonly epoch?: string;
    readonly epochBase?: 0 | 1;
    readonly seed?: string;
    readonly metrics: readonly string[];
  };
  readonly json: boolean;
}

/** The study an import goes to without --sweep. */
export function defaultStudyName(format: ImportFormat): string {
  return `imported ${format}`;
}

/** Flags that only one format takes. */
const FORMAT_FLAGS: readonly [keyof z.infer<typeof RawOptionsSchema>, string, ImportFormat][] = [
  ["v2", "--v2", "timm-results"],
  ["runColumn", "--run-column", "csv"],
  ["epochColumn", "--epoch-column", "csv"],
  ["epochBase", "--epoch-base", "csv"],
  ["seedColumn", "--seed-column", "csv"],
];

export function parseImportOptions(
  format: string,
  paths: readonly string[],
  raw: Record<string, unknown>,
): ImportOptions {
  if (!(IMPORT_FORMATS as readonly string[]).includes(format))
    throw new UserError(`unknown import format "${format}": use one of ${IMPORT_FORMATS.join(", ")}`);
  const f = format as ImportFormat;
  const parsed = RawOptionsSchema.safeParse({ ...raw, json: raw.json === true });
  // Each message names its flag and an example: one line, however many flags are wrong.
  if (!parsed.success) throw new UserError(parsed.error.issues.map((issue) => issue.message).join("; "));
  const o = parsed.data;
  for (const [key, flag, only] of FORMAT_FLAGS) {
    if (o[key] !== undefined && f !== only) throw new UserError(`${flag} is for \`import ${only}\`, not ${f}`);
  }
  if (o.metric.length > 0 && f !== "csv") throw new UserError(`--metric is for \`import csv\`, not ${f}`);
  if (f === "timm-results" && o.name !== undefined)
    throw new UserError("--name does not apply to timm-results: each run is named model@image-size");
  if (f === "timm-results" && o.config !== undefined)
    throw new UserError("--config does not apply to timm-results: a table row is its own configuration");
  let aliases: Record<string, string>;
  try {
    aliases = { ...DEFAULT_METRIC_ALIASES, ...parseAliases(o.metricAlias) };
  } catch (error) {
    throw new UserError(`--metric-alias: ${(error as Error).message}`);
  }
  return {
    format: f,
    paths,
    seed: o.seed ?? null,
    name: o.name ?? null,
    study: o.sweep ?? defaultStudyName(f),
    config: o.config ?? null,
    aliases,
    v2: o.v2 ?? null,
    csv: {
      ...(o.runColumn === undefined ? {} : { run: o.runColumn }),
      ...(o.epochColumn === undefined ? {} : { epoch: o.epochColumn }),
      ...(o.epochBase === undefined ? {} : { epochBase: o.epochBase === "1" ? 1 : 0 }),
      ...(o.seedColumn === undefined ? {} : { seed: o.seedColumn }),
      metrics: o.metric,
    },
    json: o.json,
  };
}
