import type { Recipe } from "@seedscope/core";
import type { ModelSpec } from "@seedscope/models";

/**
 * The model-spec fields a recipe sets. `layerScaleInit`: null leaves the family's default (none for ViT,
 * the CaiT depth rule for CaiT / ResMLP / PatchConvNet), a number sets the init, "off" switches LayerScale
 * off on every family (the spec's null). `posEmbedResize` is passed only when it is not the models' own
 * default (bilinear), so that specs stored before recipe schema 3 stay as they were.
 */
export function modelOptionsOf(recipe: Recipe): Pick<ModelSpec, "layerScaleInit" | "posEmbedResize"> {
  const ls = recipe.layerScaleInit;
  return {
    ...(ls === null ? {} : { layerScaleInit: ls === "off" ? null : ls }),
    ...(recipe.posEmbedResize === "bilinear" ? {} : { posEmbedResize: recipe.posEmbedResize }),
  };
}
