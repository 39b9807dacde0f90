import { register } from "node:module";
import { Tensor, getGradient } from "@tensorflow/tfjs-core";
import { nativeImport } from "../native-import";

/**
 * How gradients came to be registered:
 * - `already`: something else registered them (the umbrella `@tensorflow/tfjs`, which
 *   `@tensorflow/tfjs-node` imports, does);
 * - `tfjs-core-esm`: loaded here from tfjs-core's own gradient definitions.
 */
export type GradientSource = "already" | "tfjs-core-esm";

let loading: Promise<GradientSource> | undefined;

/**
 * Makes sure tfjs-core's gradient functions are registered, so that tf.grads / tf.variableGrads /
 * optimizer.minimize work.
 *
 * Why this exists: Node resolves `@tensorflow/tfjs-core` to its CommonJS bundle, which contains the
 * ops but registers no gradients (the umbrella `@tensorflow/tfjs` package normally does that). The
 * gradient definitions ship only in tfjs-core's ES-module build, whose extensionless imports Node
 * cannot resolve; a small resolve hook fixes that. The ESM build is a second copy of tfjs-core's
 * code, but tfjs keeps its engine and kernel/gradient registries on the global object, so the
 * gradients it registers are the ones the CommonJS copy uses. Costs about 1 s once per process.
 */
export function ensureTfjsGradients(): Promise<GradientSource> {
  if (getGradient("Conv2D") !== undefined && hasChainedOps()) return Promise.resolve("already");
  loading ??= loadFromTfjsCoreEsm();
  return loading;
}

async function loadFromTfjsCoreEsm(): Promise<GradientSource> {
  register(new URL("./tfjs-core-esm-resolve.mjs", import.meta.url));
  await nativeImport("@tensorflow/tfjs-core/dist/register_all_gradients.js");
  // tfjs's own gradient functions call chained ops (`x.reshape(…)`), which the CommonJS bundle lacks too.
  await nativeImport("@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js");
  if (getGradient("Conv2D") === undefined) {
    throw new Error("loading @tensorflow/tfjs-core/dist/register_all_gradients.js registered no gradients");
  }
  return "tfjs-core-esm";
}

function hasChainedOps(): boolean {
  return typeof (Tensor.prototype as { reshape?: unknown }).reshape === "function";
}
