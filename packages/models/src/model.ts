import * as tf from "@tensorflow/tfjs-core";
import { UserError, type SeededRandom } from "@seedscope/core";
import type { ArchDefinition, ResolvedSpec } from "./family";
import { ParamStore } from "./params";
import { makeContext } from "./residual";
import type { ForwardOptions, Model, ModelSpec } from "./types";

function positiveInt(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw new UserError(`${what} must be a positive integer, got ${value}`);
}

export function resolveSpec(spec: ModelSpec): ResolvedSpec {
  positiveInt(spec.imageSize, "imageSize");
  positiveInt(spec.channels, "channels");
  positiveInt(spec.numClasses, "numClasses");
  const widthScale = spec.widthScale ?? 1;
  if (!(widthScale > 0) || !Number.isFinite(widthScale))
    throw new UserError(`widthScale must be positive, got ${widthScale}`);
  return {
    ...spec,
    widthScale,
    layerScaleInit: spec.layerScaleInit,
    posEmbedResize: spec.posEmbedResize ?? "bilinear",
  };
}

/**
 * Builds a family's network on a fresh parameter store and wraps it as a {@link Model}. FLOPs are
 * multiply-accumulates of convolutions, linear layers and attention products (one multiply-add = one
 * FLOP, the convention of the papers' tables and of fvcore); norms, activations, softmax and additions
 * are not counted.
 */
export function buildModel(def: ArchDefinition, spec: ModelSpec, rng: SeededRandom): Model {
  const resolved = resolveSpec(spec);
  const store = new ParamStore(rng.fork(`init:${def.name}`));
  let net: ReturnType<ArchDefinition["build"]>;
  try {
    net = def.build(resolved, store);
  } catch (e) {
    store.dispose();
    throw e;
  }
  const network = net;
  const flopsPerImage = network.macs(resolved.imageSize);
  const trainableVariables = store.trainableVariables();
  return {
    arch: def.name,
    spec: { ...spec },
    branches: network.branches,
    stages: network.stages,
    paramCount: store.paramCount(),
    flopsPerImage,
    trainableVariables,
    parameters: store.all,
    flopsAt: (imageSize) => network.macs(imageSize),
    forward(x: tf.Tensor4D, options: ForwardOptions): tf.Tensor2D {
      if (x.rank !== 4 || x.shape[3] !== resolved.channels) {
        throw new UserError(
          `${def.name} expects NHWC input with ${resolved.channels} channels, got shape [${x.shape.join(", ")}]`,
        );
      }
      const ctx = makeContext(options, network.branches.length, x.shape[0]);
      return tf.tidy(() => network.forward(x, ctx));
    },
    getWeights: () => store.getWeights(),
    setWeights: (w) => store.setWeights(w),
    dispose: () => store.dispose(),
  };
}
