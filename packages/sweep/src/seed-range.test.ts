import { describe, expect, it } from "vitest";
import { parseSeedRange } from "./seed-range";

describe("parseSeedRange", () => {
  it("reads ranges, single seeds and lists", () => {
    expect(parseSeedRange("0-4")).toEqual([0, 1, 2, 3, 4]);
    expect(parseSeedRange("7")).toEqual([7]);
    expect(parseSeedRange("3-4, 0 ,4-5")).toEqual([0, 3, 4, 5]);
    expect(parseSeedRange("0-99")).toHaveLength(100);
  });

  it("rejects backwards and malformed ranges with the expected form", () => {
    expect(() => parseSeedRange("5-3")).toThrow(/range "5-3" runs backwards; write it low-high, e.g. 3-5/);
    expect(() => parseSeedRange("a-b")).toThrow(/"a-b" is not a seed or a range; expected e.g. 0-99/);
    expect(() => parseSeedRange("-1")).toThrow(/expected e.g. 0-99/);
    expect(() => parseSeedRange("")).toThrow(/expected e.g. 0-99/);
  });
});
