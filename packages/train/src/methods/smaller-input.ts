import * as tf from "@tensorflow/tfjs-core";
import { UserError, type SeededRandom } from "@seedscope/core";
import type { Model } from "@seedscope/models";

/**
 * The input sides in [min, max] the model can take: a one-image forward is tried at each (a ViT needs
 * a multiple of its patch; ResMLP takes only its own size). Errors name the recipe fields.
 */
export function acceptedSizes(model: Model, channels: number, min: number, max: number): number[] {
  const sizes: number[] = [];
  for (let side = min; side <= max; side++) {
    try {
      tf.tidy(() => model.forward(tf.zeros([1, side, side, channels]) as tf.Tensor4D, { training: false }));
      sizes.push(side);
    } catch {
      // not a size this architecture accepts
    }
  }
  if (sizes.length === 0) {
    throw new UserError(
      `${model.arch} accepts no input side in method.randomSmallerInput [${min}, ${max}]; widen the range or set method.randomSmallerInput=null`,
    );
  }
  return sizes;
}

/** ST++ eqs. 7–8: a side L_s drawn uniformly from the accepted sizes, and the batch resized (bilinear) to it. */
export function randomSmallerInput(x: tf.Tensor4D, sizes: readonly number[], random: SeededRandom): tf.Tensor4D {
  const side = sizes[random.int(sizes.length)]!;
  if (side === x.shape[1] && side === x.shape[2]) return x;
  return tf.image.resizeBilinear(x, [side, side], false, true);
}
