import { describe, expect, it } from "vitest";
import { duration, fitColumns, table } from "./format";

describe("table", () => {
  const head = ["recipe", "arch", "val mean ± std"];
  const rows = [
    ["a2 (epochs=3 resolution=16 batchSize=50 lrScaling.rule=none optimizer.lr=0.02)", "resnet8", "45.10 ± 1.20"],
  ];

  it("fits the given width, wrapping the widest column first", () => {
    const text = table(head, rows, { maxWidth: 60 });
    for (const line of text.split("\n")) expect([...line].length).toBeLessThanOrEqual(60);
    expect(text).toContain("45.10 ± 1.20");
    expect(text).toContain("resnet8");
  });

  it("leaves a table that fits alone", () => {
    expect(fitColumns(head, rows, 500)).toBeNull();
  });
});

describe("duration", () => {
  it("always carries a unit", () => {
    expect(duration(45)).toBe("45s");
    expect(duration(200)).toBe("3m 20s");
    expect(duration(3900)).toBe("1h 05m");
    expect(duration(null)).toBe("--");
  });
});

describe("table on a narrow terminal", () => {
  it("leaves out optional columns, says which, and fits", () => {
    const head = [
      "id",
      "sweep",
      "recipe",
      "arch",
      "dataset",
      "seed",
      "status",
      "epochs",
      "val top-1",
      "v2 top-1",
      "params",
      "img/s",
    ];
    const row = [
      1,
      1,
      "a2 · epochs=3 +5",
      "resnet8",
      "digits",
      0,
      "finished (collapsed)",
      3,
      "45.10",
      "44.20",
      "78,042",
      "310",
    ];
    const text = table(head, [row], { maxWidth: 80, optional: ["img/s", "params", "epochs", "sweep", "dataset"] });
    for (const line of text.split("\n")) expect([...line].length).toBeLessThanOrEqual(80);
    expect(text).toMatch(/hidden to fit: img\/s, params, epochs, sweep, dataset \(widen to see\)/);
    expect(text).toContain("45.10");
  });
});
