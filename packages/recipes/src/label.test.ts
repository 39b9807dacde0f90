import { describe, expect, it } from "vitest";
import { parseDerivedName, recipeLabelOf, SHORT_LABEL_MAX } from "./label";
import { derivedRecipeName } from "./overrides";

const HASH = "ab".repeat(32);

describe("recipe labels", () => {
  it("shortens a derived name to its base, first override and the count of the rest", () => {
    const name =
      'a2 (optimizer.lr=0.02 epochs=3 resolution=16 augment.crop={"kind":"rrc","scale":[0.35,1],"ratio":[0.75,1.3333333333333333]})';
    expect(parseDerivedName(name)?.overrides).toHaveLength(4);
    expect(recipeLabelOf(name, HASH)).toEqual({ short: "a2 · lr=0.02 +3", full: name });
  });

  it("keeps a plain name, names an unnamed recipe by its hash, and bounds every label", () => {
    expect(recipeLabelOf("deit3", HASH).short).toBe("deit3");
    expect(recipeLabelOf(null, HASH)).toEqual({ short: HASH.slice(0, 12), full: HASH.slice(0, 12) });
    const long = recipeLabelOf(`a2 (augment.crop={"kind":"rrc","scale":[0.35,1]} epochs=3)`, HASH).short;
    expect(long).toBe('a2 · crop={"kind":"rrc","… +1');
    expect(recipeLabelOf("x".repeat(200), HASH).short.length).toBe(SHORT_LABEL_MAX);
  });

  it("counts every override of a list too long to name in full", () => {
    const overrides = Array.from({ length: 30 }, (_, i) => `augment.field${i}=${"x".repeat(i)}`);
    const name = derivedRecipeName("a2", overrides);
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).toMatch(/ …\+\d+\)$/);
    const parsed = parseDerivedName(name)!;
    expect(parsed.overrides.length + parsed.unlisted).toBe(30);
    expect(overrides.slice(0, parsed.overrides.length)).toEqual(parsed.overrides);
    expect(recipeLabelOf(name, HASH).short).toBe("a2 · field0= +29");
    expect(derivedRecipeName("a2", ["epochs=3"])).toBe("a2 (epochs=3)");
    expect(derivedRecipeName("a2", [`note=${"y".repeat(300)}`])).toHaveLength(200);
  });

  it("reads a name cut at 200 characters by an older version", () => {
    const cut = `${`a2 (epochs=3 ${"resolution=16 ".repeat(20)}`.slice(0, 199)}…`;
    expect(recipeLabelOf(cut, HASH).short).toMatch(/^a2 · epochs=3 \+\d+$/);
  });
});
