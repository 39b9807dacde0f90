/**
 * Short labels for recipes in tables, dropdowns and summaries. A recipe derived by `--set` is stored
 * under a name listing every override ("a2 (epochs=3 resolution=16 optimizer.lr=0.02 …)"), which can
 * run to 200 characters; shown, it becomes "a2 · epochs=3 +2": the base name, the first override with
 * its key shortened to its last segment, and how many more there are. The full name stays for tooltips
 * and `recipes show`.
 */
export interface RecipeLabel {
  /** At most {@link SHORT_LABEL_MAX} characters. */
  readonly short: string;
  /** The stored name, or the hash's first 12 digits for an unnamed recipe. */
  readonly full: string;
}

export const SHORT_LABEL_MAX = 40;
const VALUE_MAX = 16;

/**
 * Splits a derived name into its base, the overrides it lists and how many more it counts without listing
 * (`derivedRecipeName` of a long list); null when the name is not of that form. Names cut mid-override by older
 * versions (`a2 (epochs=3 resol…`) list what survived whole.
 */
export function parseDerivedName(name: string): { base: string; overrides: string[]; unlisted: number } | null {
  const counted = /^(.+?) \((.*) …\+(\d+)\)$/s.exec(name);
  const match = counted ?? /^(.+?) \((.*)\)$/s.exec(name) ?? /^(.+?) \((.*)…$/s.exec(name);
  if (!match) return null;
  // Overrides are "key=value" separated by spaces; a value may itself contain spaces (JSON), so split only
  // before the next "key=".
  const overrides = match[2]!.split(/ (?=[A-Za-z_][\w.]*=)/).filter((o) => o.includes("="));
  const unlisted = counted ? Number(counted[3]) : 0;
  return overrides.length > 0 ? { base: match[1]!, overrides, unlisted } : null;
}

function shorten(override: string): string {
  const eq = override.indexOf("=");
  const key = override.slice(0, eq).split(".").pop()!;
  const value = override.slice(eq + 1);
  return `${key}=${value.length > VALUE_MAX ? `${value.slice(0, VALUE_MAX - 1)}…` : value}`;
}

function clip(text: string): string {
  return text.length <= SHORT_LABEL_MAX ? text : `${text.slice(0, SHORT_LABEL_MAX - 1)}…`;
}

export function recipeLabelOf(name: string | null, hash: string): RecipeLabel {
  const full = name ?? hash.slice(0, 12);
  const derived = name === null ? null : parseDerivedName(name);
  if (!derived) return { short: clip(full), full };
  const [first, ...rest] = derived.overrides;
  const others = rest.length + derived.unlisted;
  const more = others > 0 ? ` +${others}` : "";
  return { short: clip(`${derived.base} · ${shorten(first!)}${more}`), full };
}
