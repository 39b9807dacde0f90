import { describe, expect, it } from "vitest";
import { chanceCeiling, isCollapsed } from "./collapse";

describe("isCollapsed", () => {
  it("flags top-1 at chance and a loss of ln C, and nothing that learned", () => {
    // 10 classes, 1,500 val images: chance 10 %, three standard errors 2.32 points.
    expect(chanceCeiling(10, 1500)).toBeCloseTo(10 + 300 * Math.sqrt(0.09 / 1500), 12);
    expect(isCollapsed({ top1: 8.6, loss: Math.log(10), classes: 10, evaluated: 1500 })).toBe(true);
    expect(isCollapsed({ top1: 12.2, classes: 10, evaluated: 1500 })).toBe(true);
    expect(isCollapsed({ top1: 12.5, classes: 10, evaluated: 1500 })).toBe(false);
    expect(isCollapsed({ top1: 15, loss: 2.3, classes: 10, evaluated: 1500 })).toBe(true);
    expect(isCollapsed({ top1: 45, loss: 2.3, classes: 10, evaluated: 1500 })).toBe(false);
    expect(isCollapsed({ top1: 91.5, loss: 0.3, classes: 10, evaluated: 1500 })).toBe(false);
  });

  it("needs at least two classes and a finite accuracy to say anything", () => {
    expect(isCollapsed({ top1: 0, classes: 1, evaluated: 10 })).toBe(false);
    expect(isCollapsed({ top1: Number.NaN, classes: 10, evaluated: 10 })).toBe(false);
  });
});
