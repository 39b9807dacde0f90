/** How p-values of many pairs are corrected for being tested together. */
export type PAdjustMethod = "holm" | "bh";

export const P_ADJUST_METHODS: Readonly<Record<PAdjustMethod, string>> = {
  holm: "Holm's step-down correction (family-wise error rate)",
  bh: "Benjamini–Hochberg (false discovery rate)",
};

/**
 * Adjusted p-values, in the order given. NaN entries (untestable pairs) stay NaN and do not count in
 * the number of tests m.
 * - holm: sort ascending; p̃(i) = max over j ≤ i of min(1, (m − j + 1)·p(j)).
 * - bh: sort ascending; p̃(i) = min over j ≥ i of min(1, m·p(j)/j).
 */
export function adjustPValues(pValues: readonly number[], method: PAdjustMethod): number[] {
  const tested = pValues.map((p, index) => ({ p, index })).filter((e) => Number.isFinite(e.p));
  for (const { p } of tested) if (p < 0 || p > 1) throw new RangeError(`a p-value must lie in [0, 1], got ${p}`);
  tested.sort((x, y) => x.p - y.p || x.index - y.index);
  const m = tested.length;
  const adjusted = pValues.map(() => Number.NaN);
  if (method === "holm") {
    let running = 0;
    tested.forEach(({ p, index }, i) => {
      running = Math.max(running, Math.min(1, (m - i) * p));
      adjusted[index] = running;
    });
  } else {
    let running = 1;
    for (let i = m - 1; i >= 0; i--) {
      const { p, index } = tested[i]!;
      running = Math.min(running, Math.min(1, (m * p) / (i + 1)));
      adjusted[index] = running;
    }
  }
  return adjusted;
}
