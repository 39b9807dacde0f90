/*
 * What each named recipe's paper says, field by field. A row names a recipe field, the paper's value and
 * where the paper says it; our value is never written here: it is read from the named recipe when the
 * table is built, so a row cannot drift from the recipe it describes.
 */

/** The paper's value for a field. */
export type PaperValue =
  /** Stated, and in the recipe's own terms: compared with ours by value. */
  | { readonly kind: "value"; readonly value: unknown }
  /** Stated in words that cannot be compared by value ("5e-4 × bs/512", "✓ without a count"). */
  | { readonly kind: "text"; readonly text: string }
  /** The paper does not give it. */
  | { readonly kind: "silent" };

export type PaperStatus = "same" | "adapted" | "not stated";

export interface PaperRow {
  /** Dotted recipe field path ("optimizer.lr"). */
  readonly path: string;
  readonly paper: PaperValue;
  /** Paper and place: "thesis Table 6.1 (ImNet-1k)", "cosub App. A.1", "reference code". */
  readonly source: string;
  /** Why ours differs; for a field the paper leaves open, what we chose and why. */
  readonly why?: string;
  /** Only for a text row that is not a plain match: its status (default: "adapted" with a why, else "same"). */
  readonly status?: PaperStatus;
}

export const value = (v: unknown): PaperValue => ({ kind: "value", value: v });
export const text = (t: string): PaperValue => ({ kind: "text", text: t });
export const SILENT: PaperValue = { kind: "silent" };

/** A row for a field the paper does not give: `why` says what we chose. */
export function notStated(path: string, source: string, why: string): PaperRow {
  return { path, paper: SILENT, source, why };
}

/**
 * The rows of a recipe built on another one (cosub on DeiT III): the base's rows, their sources marked as
 * reached through `via`, with `own` rows replacing the base's for the same path.
 */
export function basedOn(base: readonly PaperRow[], via: string, own: readonly PaperRow[]): PaperRow[] {
  const replaced = new Set(own.map((r) => r.path));
  const inherited = base.filter((r) => !replaced.has(r.path)).map((r) => ({ ...r, source: `${via} → ${r.source}` }));
  return [...inherited, ...own];
}

// The small-data adaptations every recipe shares (see named/small-data.ts), in words.
export const WHY_BATCH = "small-data adaptation: 128 on 2 CPU cores; the lr follows the recipe's scaling rule";
export const WHY_EPOCHS = "small-data adaptation: 10 epochs so that a 100-seed CPU sweep takes minutes";
export const WHY_RESOLUTION = "small-data adaptation: the built-in datasets are 28×28";
export const whyWarmup = (paperEpochs: number) =>
  `the same fraction of training as the paper's ${paperEpochs} epochs, at our 10`;
export const WHY_CROP_SHAPE = "scale [0.08, 1] and ratio [3/4, 4/3]: the usual RRC defaults (timm, torchvision)";
