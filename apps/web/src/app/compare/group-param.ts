import type { Parsed } from "../../client/url-params";

export interface ComparedGroupParam {
  readonly recipeHash: string;
  readonly arch: string;
  readonly dataset: string;
  readonly sweepId?: number;
}

/** `a=<recipe hash>|<arch>|<dataset>[|<sweep id>]`; absent means "not picked yet". */
export function comparedGroupFromParam(raw: string | null, name: "a" | "b"): Parsed<ComparedGroupParam | undefined> {
  if (raw === null || raw === "") return { ok: true, value: undefined };
  const [recipeHash, arch, dataset, sweep, ...rest] = raw.split("|");
  if (
    recipeHash &&
    /^[0-9a-f]{64}$/.test(recipeHash) &&
    arch &&
    dataset &&
    rest.length === 0 &&
    (sweep === undefined || /^[1-9]\d{0,9}$/.test(sweep))
  ) {
    return {
      ok: true,
      value: { recipeHash, arch, dataset, ...(sweep === undefined ? {} : { sweepId: Number(sweep) }) },
    };
  }
  return {
    ok: false,
    message: `The link's group ${name} “${raw.slice(0, 80)}” is not of the form recipe-hash|arch|dataset[|sweep]: pick the group from the list instead.`,
  };
}

export function groupParam(g: ComparedGroupParam): string {
  return [g.recipeHash, g.arch, g.dataset, ...(g.sweepId === undefined ? [] : [String(g.sweepId)])].join("|");
}

/** The comparison page for group `a`, and `b` when known (else the page asks for it). */
export function compareHref(a: ComparedGroupParam, b?: ComparedGroupParam): string {
  return `/compare?${new URLSearchParams(b ? { a: groupParam(a), b: groupParam(b) } : { a: groupParam(a) }).toString()}`;
}
