import { beforeAll, describe, expect, it } from "vitest";
import { parseRecipe, SeededRandom } from "@seedscope/core";
import { initBackend } from "@seedscope/engine";
import { createModel, type ModelSpec } from "@seedscope/models";
import { getRecipe } from "@seedscope/recipes";
import { modelOptionsOf } from "./model-options";

beforeAll(async () => {
  await initBackend({ backend: "cpu" });
});

/**
 * The initial LayerScale diagonals of `arch` built with the recipe's model options (the `.lambda` vectors;
 * ResMLP's LayerScale is its post-affine `alpha`, which "off" initialises at 1), one value each.
 */
function layerScaleParams(arch: string, layerScaleInit: number | "off" | null): number[] {
  const recipe = parseRecipe({ ...getRecipe("deit"), layerScaleInit });
  const spec: ModelSpec = { arch, imageSize: 8, channels: 1, numClasses: 3, ...modelOptionsOf(recipe) };
  const model = createModel(spec, SeededRandom.fromSeed(0));
  const scales = model.parameters
    .filter((p) => p.name.endsWith(".lambda") || /\.post\d\.alpha$/.test(p.name))
    .map((p) => p.variable.dataSync()[0]!)
    .filter((v) => v !== 1);
  model.dispose();
  return scales;
}

describe('layerScaleInit: null is the family default, "off" switches LayerScale off (thesis eq. 3.7; CaiT §3.5 uses it by design)', () => {
  it('LayerScale (thesis eq. 3.7): null keeps each family\'s default, a number sets it, "off" removes it on every family', () => {
    expect(layerScaleParams("vit-tiny", null)).toEqual([]);
    expect(layerScaleParams("vit-tiny", 1e-4)[0]).toBeCloseTo(1e-4, 9);
    for (const arch of ["cait-xxs", "resmlp-s", "pcn-s"]) {
      expect(layerScaleParams(arch, null).length, arch).toBeGreaterThan(0);
      expect(layerScaleParams(arch, "off"), arch).toEqual([]);
    }
    expect(modelOptionsOf(parseRecipe({ ...getRecipe("deit"), layerScaleInit: "off" })).layerScaleInit).toBeNull();
    expect("layerScaleInit" in modelOptionsOf(getRecipe("deit"))).toBe(false);
  });

  it("rejects any other value, naming the three kinds", () => {
    expect(() => parseRecipe({ ...getRecipe("deit"), layerScaleInit: "on" })).toThrow(
      /layerScaleInit: got "on", expected a number > 0, "off", or null/,
    );
    expect(() => parseRecipe({ ...getRecipe("deit"), layerScaleInit: 0 })).toThrow(/layerScaleInit: got 0/);
  });

  it("passes posEmbedResize to the model only when it is not the models' default (bilinear), so older specs stay as stored", () => {
    expect(modelOptionsOf(getRecipe("deit")).posEmbedResize).toBe("bicubic");
    expect(modelOptionsOf(parseRecipe({ ...getRecipe("deit"), posEmbedResize: "bilinear" }))).toEqual({});
  });
});
