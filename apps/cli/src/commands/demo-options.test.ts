import { describe, expect, it } from "vitest";
import { parseInput } from "@seedscope/core";
import { DemoOptionsSchema, demoSeeds } from "./demo-actions";

describe("seedscope demo options", () => {
  it("runs the short study by default, seeds 0…n−1", () => {
    const options = parseInput(DemoOptionsSchema, {}, "options");
    expect(options.study).toBe("short");
    expect(demoSeeds(options.study, options.seeds)).toEqual([0, 1, 2, 3, 4]);
  });

  it("--study converged trains seeds 1…n besides the reference seed 0 (thesis §6.3.4: seeds 1–100 vs seed 0)", () => {
    expect(demoSeeds("converged", 4)).toEqual([0, 1, 2, 3, 4]);
    expect(demoSeeds("converged", undefined)).toHaveLength(101);
  });

  it("names the flag and the choices when --study is unknown", () => {
    expect(() => parseInput(DemoOptionsSchema, { study: "long" }, "options")).toThrow(
      /--study must be one of: short, converged/,
    );
  });
});
