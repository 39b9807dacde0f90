import { generalization, type Store } from "@seedscope/db";

/** The dashboard's val-vs-v2 line across a study's groups ("accuracy on the line"). */
export interface ValV2Fit {
  readonly groups: number;
  readonly slope: number;
  readonly intercept: number;
  readonly r: number;
}

/** The val-vs-v2 fit of the study's finished seeded groups, as the generalization view computes it; null below three groups. */
export async function valV2Fit(store: Store, studyId: number): Promise<ValV2Fit | null> {
  const g = await generalization(store, { sweepId: studyId });
  if (!g.fit || !g.pearson) return null;
  return { groups: g.fit.n, slope: g.fit.slope, intercept: g.fit.intercept, r: g.pearson.r };
}
