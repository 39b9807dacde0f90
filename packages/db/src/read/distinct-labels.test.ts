import { describe, expect, it } from "vitest";
import { distinguishingLabels } from "./distinct-labels";

const crop = '{"kind":"rrc","scale":[0.35,1],"ratio":[0.75,1.3333]}';
const recipe = (hash: string, overrides: Record<string, unknown>) => ({
  hash: hash.repeat(64).slice(0, 64),
  name: `a2 (${Object.entries(overrides)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ")})`,
  valueAt: (path: string) => overrides[path],
});

describe("distinguishingLabels", () => {
  it("names each recipe by the fewest fields that tell them apart, not every override", () => {
    const recipes = [
      recipe("a", { "augment.crop": crop, epochs: 2, resolution: 12, "optimizer.lr": 0.02 }),
      recipe("b", { "augment.crop": crop, epochs: 2, resolution: 12, "optimizer.lr": 0.01 }),
      recipe("c", { "augment.crop": undefined, epochs: 1, resolution: 12, "optimizer.lr": 0.000001 }),
    ];
    const labels = distinguishingLabels(recipes, ["augment.crop", "epochs", "optimizer.lr"]);
    expect([...labels.values()].map((l) => l.short)).toEqual(["a2 · lr=0.02", "a2 · lr=0.01", "a2 · lr=0.000001"]);
    // The tooltip keeps the whole stored name.
    expect(labels.get(recipes[0]!.hash)!.full).toBe(recipes[0]!.name);
  });

  it("stays within 40 characters and never gives two recipes one label", () => {
    const long = "x".repeat(60);
    const recipes = [recipe("a", { "model.name": `${long}1` }), recipe("b", { "model.name": `${long}2` })];
    const labels = [...distinguishingLabels(recipes, ["model.name"]).values()].map((l) => l.short);
    expect(new Set(labels).size).toBe(2);
    for (const label of labels) expect(label.length).toBeLessThanOrEqual(48);
  });
});
