import { describe, expect, it } from "vitest";
import { UserError } from "@seedscope/core";
import { contentHash } from "./canonical";
import { diffRecipes } from "./diff";
import { applyOverrides, overridesOnTop } from "./overrides";
import { getRecipe } from "./registry";
import { smallDigitsOverrides } from "./small-digits";

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as UserError).message;
  }
  throw new Error("expected a UserError");
}

describe("applyOverrides", () => {
  it("reads values by the field's type and returns a new recipe", () => {
    const cosub = getRecipe("cosub");
    const before = structuredClone(cosub);
    const r = applyOverrides(cosub, [
      "optimizer.lr=0.002",
      "epochs=5",
      "method.lambda=0.7",
      "augment.threeAugment=false",
    ]);
    expect(r.optimizer.lr).toBe(0.002);
    expect(r.epochs).toBe(5);
    expect(r.method).toMatchObject({ kind: "cosub", lambda: 0.7 });
    expect(r.augment.threeAugment).toBe(false);
    expect(cosub).toEqual(before);
    expect(contentHash(r)).not.toBe(contentHash(cosub));
  });

  it("round-trips: overriding back gives the original recipe and hash", () => {
    const deit = getRecipe("deit");
    const changed = applyOverrides(deit, ["optimizer.lr=1e-3", "gradClipNorm=null", "emaDecay=0.9999"]);
    const back = applyOverrides(changed, ["optimizer.lr=5e-4", "emaDecay=null"]);
    expect(back).toEqual(deit);
    expect(contentHash(back)).toBe(contentHash(deit));
    expect(diffRecipes(deit, changed).map((d) => d.path)).toEqual(["emaDecay", "optimizer.lr"]);
  });

  it("accepts null, strings and JSON objects", () => {
    const r = applyOverrides(getRecipe("deit"), [
      "augment.randAugment=null",
      "loss=bce",
      'augment.crop={"kind":"src","pad":4}',
      'method={"kind":"divide","splits":2,"coTrainingWeight":0.5,"coTrainingWarmupEpochs":1,"weightDecayRule":"exp"}',
      "method.splits=4",
    ]);
    expect(r.augment.randAugment).toBeNull();
    expect(r.loss).toBe("bce");
    expect(r.augment.crop).toEqual({ kind: "src", pad: 4 });
    expect(r.method).toMatchObject({ kind: "divide", splits: 4, weightDecayRule: "exp" });
  });

  it("validates the result as a whole, so related fields can change together", () => {
    const deit = getRecipe("deit");
    expect(errorOf(() => applyOverrides(deit, ["augment.threeAugment=true"]))).toContain(
      "augment.threeAugment: 3-Augment replaces RandAugment",
    );
    const r = applyOverrides(deit, ["augment.threeAugment=true", "augment.randAugment=null"]);
    expect(r.augment.threeAugment).toBe(true);
  });

  it("names an unknown key and the valid keys near it", () => {
    const message = errorOf(() => applyOverrides(getRecipe("deit3"), ["augment.threeAugmnt=false"]));
    expect(message).toContain('unknown recipe key "augment.threeAugmnt": augment has no field "threeAugmnt"');
    expect(message).toContain("did you mean augment.threeAugment?");
    expect(message).toContain("Valid keys under augment: augment.crop.kind, augment.crop.scale");
    expect(message).not.toContain("optimizer.lr");
  });

  it("says which method kind a field belongs to", () => {
    const message = errorOf(() => applyOverrides(getRecipe("deit"), ["method.lambda=0.7"]));
    expect(message).toContain('"lambda" belongs to kind "cosub", not "standard"');
    expect(message).toContain('method={"kind":"cosub",…}');
  });

  it("names the field, what it got and what it expects for a bad value", () => {
    const deit = getRecipe("deit");
    expect(errorOf(() => applyOverrides(deit, ["optimizer.lr=fast"]))).toContain(
      'optimizer.lr: got "fast", expected a number > 0',
    );
    expect(errorOf(() => applyOverrides(deit, ["epochs=2.5"]))).toContain("epochs: got 2.5, expected an integer ≥ 1");
    expect(errorOf(() => applyOverrides(deit, ["augment.hflip=yes"]))).toContain(
      'augment.hflip: got "yes", expected true or false',
    );
    expect(errorOf(() => applyOverrides(deit, ["loss=mse"]))).toContain('loss: got "mse", expected one of "ce", "bce"');
    expect(errorOf(() => applyOverrides(deit, ["augment.crop.scale=[0.5"]))).toContain(
      'augment.crop.scale: got "[0.5", expected a pair [low, high]',
    );
  });

  it("rejects malformed items", () => {
    const deit = getRecipe("deit");
    expect(errorOf(() => applyOverrides(deit, ["epochs"]))).toContain('override "epochs" has no "="');
    expect(errorOf(() => applyOverrides(deit, ["epochs=3", "epochs=4"]))).toContain('"epochs" is given twice');
    expect(errorOf(() => applyOverrides(deit, ["optimizer..lr=1"]))).toContain("is not a dotted field path");
    expect(errorOf(() => applyOverrides(getRecipe("deit3"), ["augment.randAugment.m=9"]))).toContain(
      "set augment.randAugment whole as JSON",
    );
  });
});

describe("overridesOnTop", () => {
  it("lets a given field replace a default for it or for a field under it, and keeps the rest in order", () => {
    const defaults = ["epochs=8", "augment.crop.kind=none", "augment.hflip=false", "method.lambda=1"];
    expect(overridesOnTop(defaults, ["epochs=2", 'augment.crop={"kind":"center"}'])).toEqual([
      "augment.hflip=false",
      "method.lambda=1",
      "epochs=2",
      'augment.crop={"kind":"center"}',
    ]);
    expect(overridesOnTop(defaults, ["augment={}"])).toEqual(["epochs=8", "method.lambda=1", "augment={}"]);
    // A default above a given field stays: the given field lands on top of it.
    expect(overridesOnTop(['method={"kind":"stpp"}'], ["method.lambdaKd=2"])).toEqual([
      'method={"kind":"stpp"}',
      "method.lambdaKd=2",
    ]);
    // "epochs" is not a prefix of "epochsX"-like keys: only whole dotted segments count.
    expect(overridesOnTop(["augment.hflip=false"], ["augment.h=1"])).toEqual(["augment.hflip=false", "augment.h=1"]);
  });

  it("gives a recipe the user's value where the small-digits setting has one too", () => {
    const recipe = getRecipe("a2");
    const adapted = applyOverrides(
      recipe,
      overridesOnTop(smallDigitsOverrides(recipe), ["epochs=3", "optimizer.lr=0.05"]),
    );
    expect([adapted.epochs, adapted.optimizer.lr, adapted.resolution]).toEqual([3, 0.05, 12]);
  });
});
