import { decodeCheckpoint } from "./checkpoint";

/*
 * A checkpoint's weights in the TensorFlow.js weights format: a model.json whose `weightsManifest` names
 * every weight (as the checkpoint stores it) with its dtype and shape, and one binary shard holding their
 * float32 values in manifest order, as `tf.io.decodeWeights` and `tf.io.loadWeights` read them. The
 * optimizer state is left out. The checkpoint keeps each tensor flat, so each shape is [length]; model.json
 * carries no topology: the architecture is the run's (userDefinedMetadata.arch / archSpec), whose
 * `setWeights` takes these flat arrays by name.
 */

export const WEIGHTS_SHARD = "group1-shard1of1.bin";

export interface TfjsWeightFiles {
  /** The end-of-epoch checkpoint the files hold. */
  readonly epoch: number;
  /** model.json's text. */
  readonly modelJson: string;
  /** The one shard's bytes (little-endian float32). */
  readonly shard: Uint8Array;
  readonly weightCount: number;
}

/** What model.json says about the run, for whoever loads the weights elsewhere. */
export interface WeightsMetadata {
  readonly run: number;
  readonly arch: string;
  readonly archSpec: unknown;
  readonly dataset: string;
  readonly seed: number | null;
}

export function tfjsWeightFiles(checkpoint: Uint8Array, metadata: WeightsMetadata): TfjsWeightFiles {
  const state = decodeCheckpoint(checkpoint);
  const weights = [...state.weights];
  const total = weights.reduce((n, [, v]) => n + v.length, 0);
  const values = new Float32Array(total);
  let offset = 0;
  for (const [, v] of weights) {
    values.set(v, offset);
    offset += v.length;
  }
  const modelJson = {
    format: "seedscope-weights",
    generatedBy: "seedscope export-weights",
    convertedBy: null,
    weightsManifest: [
      {
        paths: [WEIGHTS_SHARD],
        weights: weights.map(([name, v]) => ({ name, shape: [v.length], dtype: "float32" })),
      },
    ],
    userDefinedMetadata: { ...metadata, epoch: state.epochsDone, shapes: "flat: each weight as stored, [length]" },
  };
  return {
    epoch: state.epochsDone,
    modelJson: `${JSON.stringify(modelJson, null, 2)}\n`,
    shard: new Uint8Array(values.buffer),
    weightCount: weights.length,
  };
}
