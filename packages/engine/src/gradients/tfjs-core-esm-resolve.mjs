// Module resolution hook (node:module register) that lets Node load the ES-module build of
// @tensorflow/tfjs-core (dist/**/*.js). That build imports its own files without extensions
// ('./ops/add', './gradients'), which bundlers accept and Node's ESM resolver refuses. Only relative,
// extensionless imports made from inside tfjs-core's dist folder are touched.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIST = "/@tensorflow/tfjs-core/dist/";

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (parent === undefined || !parent.includes(DIST) || !specifier.startsWith(".") || specifier.endsWith(".js")) {
    return nextResolve(specifier, context);
  }
  // './gradients' names gradients.js even though a gradients/ folder exists too: try the file first.
  const file = new URL(`${specifier}.js`, parent);
  const url = existsSync(fileURLToPath(file)) ? file : new URL(`${specifier}/index.js`, parent);
  return { url: url.href, format: "module", shortCircuit: true };
}
