/**
 * Anscombe's quartet (F. J. Anscombe, "Graphs in Statistical Analysis", The American Statistician
 * 27(1), 1973): four datasets with (to 2–3 decimals) the same mean of x (9), variance of x (11),
 * mean of y (7.50), correlation (0.816) and regression line y = 3.00 + 0.500 x (R² = 0.67).
 */
export interface AnscombeSet {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

const xShared = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];

export const anscombe: readonly AnscombeSet[] = [
  { x: xShared, y: [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68] },
  { x: xShared, y: [9.14, 8.14, 8.74, 8.77, 9.26, 8.1, 6.13, 3.1, 9.13, 7.26, 4.74] },
  { x: xShared, y: [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73] },
  {
    x: [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8],
    y: [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.5, 5.56, 7.91, 6.89],
  },
];
