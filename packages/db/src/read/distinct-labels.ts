import { recipeLabelOf, SHORT_LABEL_MAX, type RecipeLabel } from "@seedscope/recipes";

export interface LabelledRecipe {
  readonly hash: string;
  readonly name: string | null;
  /** The recipe's value at each differing field path (undefined = absent). */
  readonly valueAt: (path: string) => unknown;
  /**
   * What an unnamed recipe's label starts with (default: its hash's first 12 digits); e.g. "external" for
   * configurations from other trainers, labelled "external · lr=0.001", or "external 1a2b3c4d5e6f" alone.
   */
  readonly base?: string;
}

const VALUE_MAX = 16;

/** The name a derived recipe was given without its override list: "a2 (epochs=3 …)" → "a2". */
function baseName(name: string | null, hash: string, base?: string): string {
  if (name === null) return base ?? hash.slice(0, 12);
  const open = name.indexOf(" (");
  return open > 0 ? name.slice(0, open) : name;
}

function show(value: unknown): string {
  const text = typeof value === "string" ? value : value === undefined ? "(absent)" : JSON.stringify(value);
  return text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX - 1)}…` : text;
}

/**
 * Labels for recipes shown side by side: the base name and the fewest differing fields that tell them
 * apart, most telling first ("a2 · lr=0.02" when only the learning rate separates them, however many
 * overrides each carries). A label that would exceed {@link SHORT_LABEL_MAX} falls back to the stored
 * name's compact label; two recipes never share a label (a clash gets the hash's start). `full` is the
 * stored name, for tooltips.
 */
export function distinguishingLabels(
  recipes: readonly LabelledRecipe[],
  differingPaths: readonly string[],
): Map<string, RecipeLabel> {
  const values = new Map(differingPaths.map((path) => [path, recipes.map((r) => show(r.valueAt(path)))]));
  const distinctCount = (path: string) => new Set(values.get(path)).size;
  const candidates = [...differingPaths].sort((a, b) => distinctCount(b) - distinctCount(a) || a.localeCompare(b));
  const keyOf = (i: number, paths: readonly string[]) =>
    [baseName(recipes[i]!.name, recipes[i]!.hash, recipes[i]!.base), ...paths.map((p) => values.get(p)![i])].join("\0");
  const distinctLabels = (paths: readonly string[]) => new Set(recipes.map((_, i) => keyOf(i, paths))).size;
  const chosen: string[] = [];
  for (const path of candidates) {
    if (distinctLabels(chosen) === recipes.length) break;
    if (distinctLabels([...chosen, path]) > distinctLabels(chosen)) chosen.push(path);
  }
  const labels = recipes.map((r, i) => {
    const fallback =
      r.name === null && r.base !== undefined
        ? { short: `${r.base} ${r.hash.slice(0, 12)}`, full: `${r.base} ${r.hash.slice(0, 12)}` }
        : recipeLabelOf(r.name, r.hash);
    // A recipe named by hand (not derived by overrides) is known by that name.
    if (r.name !== null && !r.name.includes(" (")) return { hash: r.hash, label: fallback };
    const fields = chosen.map((path) => `${path.split(".").pop()}=${values.get(path)![i]}`);
    const short = `${baseName(r.name, r.hash, r.base)} · ${fields.join(" ")}`;
    return {
      hash: r.hash,
      label: {
        short: fields.length > 0 && short.length <= SHORT_LABEL_MAX ? short : fallback.short,
        full: fallback.full,
      },
    };
  });
  const uses = new Map<string, number>();
  for (const { label } of labels) uses.set(label.short, (uses.get(label.short) ?? 0) + 1);
  return new Map(
    labels.map(({ hash, label }) => [
      hash,
      uses.get(label.short)! > 1 ? { ...label, short: `${label.short} #${hash.slice(0, 6)}` } : label,
    ]),
  );
}
