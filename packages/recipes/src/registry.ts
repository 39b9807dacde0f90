import { UserError, type Recipe } from "@seedscope/core";
import { a2 } from "./named/a2";
import { cosub } from "./named/cosub";
import { cosubA2 } from "./named/cosub-a2";
import { deit } from "./named/deit";
import { deit3 } from "./named/deit3";
import { divide } from "./named/divide";
import { stpp } from "./named/stpp";

/** The named recipes, each with the paper it reproduces. */
const NAMED = {
  deit: {
    recipe: deit,
    description: "DeiT (thesis Table 3.9): AdamW, RandAugment, Mixup/CutMix, erasing, CE + smoothing",
  },
  deit3: { recipe: deit3, description: "DeiT III ImageNet-1k (thesis Table 6.1): LAMB, 3-Augment, BCE, LayerScale" },
  a2: { recipe: a2, description: "ResNet A2-style (Wightman et al., thesis Table 6.1): LAMB, RandAugment, BCE" },
  cosub: {
    recipe: cosub,
    description: "cosub: DeiT III + two stochastic-depth submodels teaching each other, λ = 0.5",
  },
  "cosub-a2": {
    recipe: cosubA2,
    description:
      "cosub for convnets: the A2 procedure + cosub loss, τ = 0.1 (cosub Table 2), so vs a2 only the method changes",
  },
  stpp: { recipe: stpp, description: "Stimulative Training++ (ResNet setting): SGD, sampled subnetworks, KL−" },
  divide: { recipe: divide, description: "Divide and Co-training (CIFAR setting): S = 2 nets, JS co-training" },
} as const satisfies Record<string, { recipe: Recipe; description: string }>;

export type RecipeName = keyof typeof NAMED;

const NAMES = Object.keys(NAMED) as RecipeName[];

export function isRecipeName(name: string): name is RecipeName {
  return Object.hasOwn(NAMED, name);
}

/** Names of the shipped recipes, in a stable order. */
export function listRecipes(): RecipeName[] {
  return [...NAMES];
}

/** One line on what a named recipe is. */
export function describeRecipe(name: RecipeName): string {
  return NAMED[name].description;
}

/** A fresh copy of a named recipe (callers may modify it freely); an unknown name lists the valid ones. */
export function getRecipe(name: string): Recipe {
  if (!isRecipeName(name)) {
    throw new UserError(`unknown recipe "${name}"; valid names: ${NAMES.join(", ")}`);
  }
  return structuredClone(NAMED[name].recipe);
}
