/** Parameters read from the address bar, checked before they reach the API: a bad one gets one sentence. */

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** A run or sweep id from the path ("/runs/12"). */
export function idFromPath(raw: string | undefined, what: "run" | "sweep"): Parsed<number> {
  const text = decodeURIComponent(raw ?? "");
  if (/^[1-9]\d{0,9}$/.test(text)) return { ok: true, value: Number(text) };
  return {
    ok: false,
    message: `“${text}” is not a ${what} id: ${what} ids are whole numbers such as 1 (the ${what === "run" ? "Runs" : "Sweeps"} page lists them).`,
  };
}

export interface GroupParam {
  readonly recipeHash: string;
  readonly arch: string;
  readonly dataset: string;
}

/** `group=<recipe hash>|<arch>|<dataset>`; absent means the view's default group. */
export function groupFromParam(raw: string | null): Parsed<GroupParam | undefined> {
  if (raw === null || raw === "") return { ok: true, value: undefined };
  const [recipeHash, arch, dataset, ...rest] = raw.split("|");
  if (recipeHash && /^[0-9a-f]{64}$/.test(recipeHash) && arch && dataset && rest.length === 0)
    return { ok: true, value: { recipeHash, arch, dataset } };
  return {
    ok: false,
    message: `The link's group “${raw.slice(0, 80)}” is not of the form recipe-hash|arch|dataset (a full 64-digit recipe hash): pick a group from the list instead.`,
  };
}

/** A whole number ≥ `min` (`early=3`, `ref=0`); absent means the default. */
export function intFromParam(raw: string | null, name: string, min: number): Parsed<number | undefined> {
  if (raw === null || raw === "") return { ok: true, value: undefined };
  if (/^\d{1,9}$/.test(raw) && Number(raw) >= min) return { ok: true, value: Number(raw) };
  return {
    ok: false,
    message: `The link's ${name} “${raw.slice(0, 40)}” is not a whole number${min > 0 ? ` of at least ${min}` : ""}.`,
  };
}
