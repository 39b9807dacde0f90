import { describe, expect, it } from "vitest";
import { SeededRandom } from "./random";

describe("SeededRandom", () => {
  it("repeats the same stream for the same seed and name", () => {
    const a = SeededRandom.fromSeed(7, "data");
    const b = SeededRandom.fromSeed(7, "data");
    const xs = Array.from({ length: 20 }, () => a.uniform());
    expect(Array.from({ length: 20 }, () => b.uniform())).toEqual(xs);
  });

  it("gives different streams for different seeds or names", () => {
    const first = (r: SeededRandom) => Array.from({ length: 5 }, () => r.int(1_000_000));
    const base = first(SeededRandom.fromSeed(1, "data"));
    expect(first(SeededRandom.fromSeed(2, "data"))).not.toEqual(base);
    expect(first(SeededRandom.fromSeed(1, "init"))).not.toEqual(base);
  });

  it("resumes exactly from a saved state, spare normal included", () => {
    const r = SeededRandom.fromSeed(3);
    r.normal();
    const saved = r.state();
    const expected = [r.normal(), r.uniform(), r.int(10)];
    const resumed = SeededRandom.fromState(JSON.parse(JSON.stringify(saved)));
    expect([resumed.normal(), resumed.uniform(), resumed.int(10)]).toEqual(expected);
  });

  it("draws normals and betas with the right moments", () => {
    const r = SeededRandom.fromSeed(11);
    const n = 20_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
    let b = 0;
    for (let i = 0; i < n; i++) b += r.beta(0.8, 0.8);
    expect(Math.abs(b / n - 0.5)).toBeLessThan(0.02);
  });

  it("permutes every index exactly once", () => {
    const p = SeededRandom.fromSeed(5).permutation(100);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
